//===- TilesToHost.cpp - the GPU-tiled IR, runnable on the CPU ------------===//
//
// The host check (--target=cuda-host-check) runs the IR that the GPU path
// tiled, before it is mapped to threads and outlined, on the CPU, and
// compares it with the reference: the tile boundaries, the halos of the
// shared-memory copies, the register tiles and the fused epilogues are then
// tested on machines without a GPU.
//
//===----------------------------------------------------------------------===//
#include "codegen/gpu/Passes.h"

namespace mlir::resnet {
#define GEN_PASS_DEF_GPUTILESTOHOST
#include "codegen/gpu/Passes.h.inc"
} // namespace mlir::resnet

using namespace mlir;

namespace {

struct GpuTilesToHost : resnet::impl::GpuTilesToHostBase<GpuTilesToHost> {
  void runOnOperation() override {
    getOperation().walk([](bufferization::AllocTensorOp alloc) {
      if (isa_and_nonnull<gpu::AddressSpaceAttr>(alloc.getMemorySpaceAttr()))
        alloc.setMemorySpaceAttr(Attribute());
    });
    getOperation().walk([](scf::ForallOp forall) {
      if (forall.getMapping())
        forall.setMappingAttr(ArrayAttr());
    });
  }
};

} // namespace
