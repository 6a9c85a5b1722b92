//===- PreprocessOptions.cpp - resnet-compile's image preprocessing flags -===//
#include "tools/resnet-compile/PreprocessOptions.h"
#include "tools/ToolSupport.h"

using namespace llvm;

namespace {
cl::OptionCategory imageCategory("image input of executables (recorded in "
                                 "the binary, shown by its --help)");
cl::opt<std::string> preprocess(
    "preprocess", cl::cat(imageCategory), cl::value_desc("imagenet|none"),
    cl::desc("imagenet: shorter side resized to 256 (bilinear), centre crop "
             "to the input, RGB, ImageNet mean/std (default none, or the "
             "flags below)"));
cl::opt<int64_t> resize(
    "resize", cl::cat(imageCategory),
    cl::desc(
        "resize the shorter side to N, then crop the centre (default 0: the "
        "whole image to the input's size)"));
cl::opt<std::string>
    crop("crop", cl::cat(imageCategory),
         cl::desc("N or HxW: must be the input's size (default: that size)"));
cl::opt<std::string> mean(
    "mean", cl::cat(imageCategory),
    cl::desc("m[,m,m]: subtracted from pixel/255 per channel (default 0)"));
cl::opt<std::string>
    stdDev("std", cl::cat(imageCategory),
           cl::desc("s[,s,s]: then divided by, per channel (default 1)"));
cl::opt<bool> bgr("bgr", cl::cat(imageCategory),
                  cl::desc("channels B, G, R (default false: R, G, B)"));
} // namespace

cl::OptionCategory &imagePreprocessCategory() { return imageCategory; }

mlir::resnet::PreprocessOptions readPreprocessOptions() {
  return {preprocess, mlir::resnet::optionalValue(resize),
          crop,       mean,
          stdDev,     mlir::resnet::optionalValue(bgr)};
}
