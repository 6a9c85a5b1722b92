//===- Preprocess.cpp - resnet-compile's image preprocessing options ------===//
//
// --preprocess=imagenet is torchvision's evaluation transform: the shorter
// side resized to 256 (or to the input's size, if larger), the centre
// cropped to the input (224x224 for the ImageNet models), RGB, mean (0.485, 0.456, 0.406) and std (0.229, 0.224,
// 0.225) of pixel/255. --resize, --mean, --std and --bgr override a preset
// or, alone, start from none (the image resized to the input, mean 0, std
// 1). The crop is always the model's input size; --crop only checks it.
// The result goes into the model's descriptor (runtime/resnet_model.h).
//
//===----------------------------------------------------------------------===//
#include "codegen/Compiler.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace llvm;

namespace mlir::resnet {

/// One value (for every channel) or one per channel, finite (and positive
/// with `positive`); "--<flag> expects ..." on failure.
static FailureOr<SmallVector<float, 3>>
parseChannelValues(StringRef flag, StringRef text, int64_t channels,
                   bool positive) {
  SmallVector<StringRef, 3> parts;
  text.split(parts, ',');
  SmallVector<float, 3> values;
  for (StringRef part : parts) {
    double value;
    if (part.trim().getAsDouble(value) || !std::isfinite(value) ||
        (positive && !(value > 0)))
      return compileError(
          formatv("--{0} expects {1} comma-separated {2}number(s) (one, or "
                  "one per channel), got '{3}'",
                  flag, channels, positive ? "positive " : "", text));
    values.push_back(static_cast<float>(value));
  }
  if (values.size() == 1)
    values.resize(channels, values[0]);
  if (static_cast<int64_t>(values.size()) != channels)
    return compileError(formatv("--{0} has {1} values; the model's input has "
                                "{2} channel(s)",
                                flag, values.size(), channels));
  return values;
}

/// --crop: "N" or "HxW", which must be the input's height x width.
static LogicalResult checkCrop(StringRef text, int64_t height,
                               int64_t width) {
  auto [first, second] = text.split('x');
  if (second.empty())
    second = first;
  int64_t h, w;
  if (first.getAsInteger(10, h) || second.getAsInteger(10, w))
    return compileError("--crop expects N or HxW, got '" + text + "'");
  if (h != height || w != width)
    return compileError(formatv(
        "--crop {0}x{1} differs from the model's input {2}x{3}: the centre "
        "crop is the input's size (re-export the model for another size)",
        h, w, height, width));
  return success();
}

FailureOr<std::optional<Preprocess>>
resolvePreprocess(const PreprocessOptions &options,
                  ArrayRef<int64_t> inputShape) {
  if (!options.any() || options.preset == "none") {
    if (options.preset == "none" &&
        (options.resize || !options.crop.empty() || !options.mean.empty() ||
         !options.std.empty() || options.bgr))
      return compileError("--preprocess=none takes no --resize, --crop, "
                          "--mean, --std or --bgr");
    return std::optional<Preprocess>();
  }
  if (inputShape.size() != 4 || (inputShape[1] != 1 && inputShape[1] != 3))
    return compileError(
        "image preprocessing needs an NCHW input with 1 or 3 channels; the "
        "model's input is " +
        join(map_range(inputShape, [](int64_t d) { return itostr(d); }),
             "x"));
  int64_t channels = inputShape[1], height = inputShape[2],
          width = inputShape[3];
  Preprocess pre;
  pre.mean.assign(channels, 0.0f);
  pre.std.assign(channels, 1.0f);
  if (options.preset == "imagenet") {
    pre.resize = 256;
    const float mean[3] = {0.485f, 0.456f, 0.406f};
    const float std[3] = {0.229f, 0.224f, 0.225f};
    // A grey model gets the channels' averages.
    for (int64_t c = 0; c < channels; ++c) {
      pre.mean[c] = channels == 3 ? mean[c] : (mean[0] + mean[1] + mean[2]) / 3;
      pre.std[c] = channels == 3 ? std[c] : (std[0] + std[1] + std[2]) / 3;
    }
    // A model larger than 256x256 is given its own size (no upscaled crop).
    pre.resize = std::max<int64_t>(256, std::max(height, width));
  } else if (!options.preset.empty()) {
    return compileError("unknown --preprocess '" + options.preset +
                        "' (expected imagenet or none)");
  }
  if (options.resize)
    pre.resize = *options.resize;
  if (pre.resize < 0)
    return compileError(formatv("--resize must be 0 or more, got {0}",
                                pre.resize));
  if (pre.resize > 0 && pre.resize < std::max(height, width))
    return compileError(formatv(
        "--resize {0} is smaller than the model's input {1}x{2} (0 resizes "
        "the whole image to the input)",
        pre.resize, height, width));
  if (pre.resize > (1 << 16))
    return compileError(formatv("--resize {0} is larger than 65536",
                                pre.resize));
  if (!options.crop.empty() && failed(checkCrop(options.crop, height, width)))
    return failure();
  if (!options.mean.empty()) {
    FailureOr<SmallVector<float, 3>> mean =
        parseChannelValues("mean", options.mean, channels, false);
    if (failed(mean))
      return failure();
    pre.mean = *mean;
  }
  if (!options.std.empty()) {
    FailureOr<SmallVector<float, 3>> std =
        parseChannelValues("std", options.std, channels, true);
    if (failed(std))
      return failure();
    pre.std = *std;
  }
  if (options.bgr && *options.bgr && channels != 3)
    return compileError("--bgr needs a 3-channel input");
  pre.bgr = options.bgr.value_or(false);
  return std::optional<Preprocess>(pre);
}

} // namespace mlir::resnet
