//===- TraceNames.cpp - layer names of the numerics trace -----------------===//
#include "dialect/TraceNames.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;

/// Collects the NameLoc names from the outside in and the line of the file
/// position under them; a fused location follows its last part.
static void collectNames(Location loc, SmallVectorImpl<StringRef> &names,
                         std::optional<unsigned> &line) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    names.push_back(name.getName().getValue());
    collectNames(name.getChildLoc(), names, line);
  } else if (auto fused = dyn_cast<FusedLoc>(loc)) {
    if (!fused.getLocations().empty())
      collectNames(fused.getLocations().back(), names, line);
  } else if (auto call = dyn_cast<CallSiteLoc>(loc)) {
    collectNames(call.getCallee(), names, line);
  } else if (auto opaque = dyn_cast<OpaqueLoc>(loc)) {
    collectNames(opaque.getFallbackLocation(), names, line);
  } else if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    line = file.getLine();
  }
}

std::string mlir::resnet::traceLayerName(Location loc) {
  SmallVector<StringRef> names;
  std::optional<unsigned> line;
  collectNames(loc, names, line);
  SmallVector<std::string> parts;
  if (line)
    parts.push_back("L" + std::to_string(*line));
  for (StringRef name : llvm::reverse(names))
    parts.push_back(name.str());
  return llvm::join(parts, "/");
}

std::string mlir::resnet::traceFileName(int64_t index, llvm::StringRef name) {
  std::string file = std::to_string(index);
  if (file.size() < 3)
    file.insert(0, 3 - file.size(), '0');
  file += '_';
  for (char c : name.take_front(kTraceMaxFileName))
    file += llvm::isAlnum(c) || c == '.' || c == '-' ? c : '_';
  return file + ".npy";
}
