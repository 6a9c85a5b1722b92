// RUN: resnet-opt --resnet-select-tiles=target=x86-64-v4 %s -split-input-file | FileCheck %s

// A conv chained onto another (--resnet-chain-convs: its init is the
// other's result) rewrites every element the other wrote, so on threads the
// two split their work alike: the conv whose loop order is the default
// (rows outermost, no row block) takes the other's. x86-64-v4: 2 MiB of
// L2, a quarter of it for weights; a layer with more weights goes channels
// outermost. A configuration written by hand is never changed.

// A first block's expand (128 -> 1024, 512 KiB of weights: rows outermost
// on its own) under its projection (256 -> 1024, stride 2: 1 MiB, channels
// outermost): the expand goes channels outermost too.
// CHECK-LABEL: func.func @expand_under_projection
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], {{.*}}interchange = [3, 0, 1, 2]
// CHECK-SAME: ins(%arg0
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}resnet.tile = #resnet.tile<tiles = [1, 1, 7, 32], {{.*}}interchange = [3, 0, 1, 2]
// CHECK-SAME: ins(%arg1
func.func @expand_under_projection(%h: tensor<1x14x14x128xf32>, %x: tensor<1x28x28x256xf32>) -> tensor<1x14x14x1024xf32> {
  %zero = arith.constant 0.0 : f32
  %we = arith.constant dense<0.5> : tensor<1x1x128x1024xf32>
  %wp = arith.constant dense<0.25> : tensor<1x1x256x1024xf32>
  %e = tensor.empty() : tensor<1x14x14x1024xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x1024xf32>) -> tensor<1x14x14x1024xf32>
  %a = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%h, %we : tensor<1x14x14x128xf32>, tensor<1x1x128x1024xf32>) outs(%f : tensor<1x14x14x1024xf32>) -> tensor<1x14x14x1024xf32>
  %b = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %wp : tensor<1x28x28x256xf32>, tensor<1x1x256x1024xf32>) outs(%a : tensor<1x14x14x1024xf32>) -> tensor<1x14x14x1024xf32>
  return %b : tensor<1x14x14x1024xf32>
}

// -----

// The same two convs side by side, not chained (each accumulates onto its
// own zeros): each keeps its own order.
// CHECK-LABEL: func.func @not_chained
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}reduction = [0, 0, 0, 0, 1, 1, 8], parallel = true>{{.*}} ins(%arg0
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}interchange = [3, 0, 1, 2]
// CHECK-SAME: ins(%arg1
func.func @not_chained(%h: tensor<1x14x14x128xf32>, %x: tensor<1x28x28x256xf32>) -> (tensor<1x14x14x1024xf32>, tensor<1x14x14x1024xf32>) {
  %zero = arith.constant 0.0 : f32
  %we = arith.constant dense<0.5> : tensor<1x1x128x1024xf32>
  %wp = arith.constant dense<0.25> : tensor<1x1x256x1024xf32>
  %e = tensor.empty() : tensor<1x14x14x1024xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x1024xf32>) -> tensor<1x14x14x1024xf32>
  %a = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%h, %we : tensor<1x14x14x128xf32>, tensor<1x1x128x1024xf32>) outs(%f : tensor<1x14x14x1024xf32>) -> tensor<1x14x14x1024xf32>
  %b = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %wp : tensor<1x28x28x256xf32>, tensor<1x1x256x1024xf32>) outs(%f : tensor<1x14x14x1024xf32>) -> tensor<1x14x14x1024xf32>
  return %a, %b : tensor<1x14x14x1024xf32>, tensor<1x14x14x1024xf32>
}

// -----

// The other way round: a conv with a row block first (1x1 1024 -> 2048 on
// 7x7, 8 MiB of weights: channels outermost), a 1x1 64 -> 2048 (512 KiB:
// rows outermost on its own) chained onto it: the second takes the
// first's order, not its row block.
// CHECK-LABEL: func.func @onto_row_blocked
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}interchange = [3, 0, 1, 2], row_block = {{[1-9]}}
// CHECK-SAME: ins(%arg0
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}interchange = [3, 0, 1, 2], parallel = true>{{.*}} ins(%arg1
func.func @onto_row_blocked(%x: tensor<1x7x7x1024xf32>, %h: tensor<1x7x7x64xf32>) -> tensor<1x7x7x2048xf32> {
  %zero = arith.constant 0.0 : f32
  %wp = arith.constant dense<0.25> : tensor<1x1x1024x2048xf32>
  %we = arith.constant dense<0.5> : tensor<1x1x64x2048xf32>
  %e = tensor.empty() : tensor<1x7x7x2048xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x2048xf32>) -> tensor<1x7x7x2048xf32>
  %a = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %wp : tensor<1x7x7x1024xf32>, tensor<1x1x1024x2048xf32>) outs(%f : tensor<1x7x7x2048xf32>) -> tensor<1x7x7x2048xf32>
  %b = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%h, %we : tensor<1x7x7x64xf32>, tensor<1x1x64x2048xf32>) outs(%a : tensor<1x7x7x2048xf32>) -> tensor<1x7x7x2048xf32>
  return %b : tensor<1x7x7x2048xf32>
}

// -----

// A configuration written by hand is kept: the expand's rows-outermost tile
// stays under the projection that goes channels outermost.
// CHECK-LABEL: func.func @hand_written
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}resnet.tile = #resnet.tile<tiles = [1, 1, 7, 16], reduction = [0, 0, 0, 0, 1, 1, 8], parallel = true>{{.*}} ins(%arg0
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}interchange = [3, 0, 1, 2]
// CHECK-SAME: ins(%arg1
func.func @hand_written(%h: tensor<1x14x14x128xf32>, %x: tensor<1x28x28x256xf32>) -> tensor<1x14x14x1024xf32> {
  %zero = arith.constant 0.0 : f32
  %we = arith.constant dense<0.5> : tensor<1x1x128x1024xf32>
  %wp = arith.constant dense<0.25> : tensor<1x1x256x1024xf32>
  %e = tensor.empty() : tensor<1x14x14x1024xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x1024xf32>) -> tensor<1x14x14x1024xf32>
  %a = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, resnet.tile = #resnet.tile<tiles = [1, 1, 7, 16], reduction = [0, 0, 0, 0, 1, 1, 8], parallel = true>} ins(%h, %we : tensor<1x14x14x128xf32>, tensor<1x1x128x1024xf32>) outs(%f : tensor<1x14x14x1024xf32>) -> tensor<1x14x14x1024xf32>
  %b = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %wp : tensor<1x28x28x256xf32>, tensor<1x1x256x1024xf32>) outs(%a : tensor<1x14x14x1024xf32>) -> tensor<1x14x14x1024xf32>
  return %b : tensor<1x14x14x1024xf32>
}
