module {
  func.func @resnet_small(%input: tensor<1x3x32x32xf32>) -> tensor<1x10xf32> {
    %c1 = arith.constant dense<0.1> : tensor<16x3x3x3xf32>
    %c2 = arith.constant dense<1.0> : tensor<16xf32>
    %c3 = arith.constant dense<0.1> : tensor<16xf32>
    %c4 = arith.constant dense<0.05> : tensor<16xf32>
    %c5 = arith.constant dense<0.9> : tensor<16xf32>
    %c6 = arith.constant dense<0.02> : tensor<16x16x3x3xf32>
    %c7 = arith.constant dense<1.00> : tensor<16xf32>
    %c8 = arith.constant dense<0.00> : tensor<16xf32>
    %c9 = arith.constant dense<0.00> : tensor<16xf32>
    %c10 = arith.constant dense<0.90> : tensor<16xf32>
    %c11 = arith.constant dense<0.01> : tensor<16x16x3x3xf32>
    %c12 = arith.constant dense<1.05> : tensor<16xf32>
    %c13 = arith.constant dense<0.01> : tensor<16xf32>
    %c14 = arith.constant dense<0.02> : tensor<16xf32>
    %c15 = arith.constant dense<1.00> : tensor<16xf32>
    %c16 = arith.constant dense<0.02> : tensor<16x16x3x3xf32>
    %c17 = arith.constant dense<1.00> : tensor<16xf32>
    %c18 = arith.constant dense<0.03> : tensor<16xf32>
    %c19 = arith.constant dense<0.06> : tensor<16xf32>
    %c20 = arith.constant dense<1.00> : tensor<16xf32>
    %c21 = arith.constant dense<0.01> : tensor<16x16x3x3xf32>
    %c22 = arith.constant dense<1.05> : tensor<16xf32>
    %c23 = arith.constant dense<0.04> : tensor<16xf32>
    %c24 = arith.constant dense<0.00> : tensor<16xf32>
    %c25 = arith.constant dense<0.90> : tensor<16xf32>
    %c26 = arith.constant dense<0.02> : tensor<32x16x3x3xf32>
    %c27 = arith.constant dense<1.00> : tensor<32xf32>
    %c28 = arith.constant dense<0.01> : tensor<32xf32>
    %c29 = arith.constant dense<0.04> : tensor<32xf32>
    %c30 = arith.constant dense<0.90> : tensor<32xf32>
    %c31 = arith.constant dense<0.01> : tensor<32x32x3x3xf32>
    %c32 = arith.constant dense<1.05> : tensor<32xf32>
    %c33 = arith.constant dense<0.02> : tensor<32xf32>
    %c34 = arith.constant dense<0.06> : tensor<32xf32>
    %c35 = arith.constant dense<1.00> : tensor<32xf32>
    %c36 = arith.constant dense<0.05> : tensor<32x16x1x1xf32>
    %c37 = arith.constant dense<1.10> : tensor<32xf32>
    %c38 = arith.constant dense<0.03> : tensor<32xf32>
    %c39 = arith.constant dense<0.00> : tensor<32xf32>
    %c40 = arith.constant dense<0.90> : tensor<32xf32>
    %c41 = arith.constant dense<0.02> : tensor<32x32x3x3xf32>
    %c42 = arith.constant dense<1.00> : tensor<32xf32>
    %c43 = arith.constant dense<0.04> : tensor<32xf32>
    %c44 = arith.constant dense<0.02> : tensor<32xf32>
    %c45 = arith.constant dense<1.00> : tensor<32xf32>
    %c46 = arith.constant dense<0.01> : tensor<32x32x3x3xf32>
    %c47 = arith.constant dense<1.05> : tensor<32xf32>
    %c48 = arith.constant dense<0.00> : tensor<32xf32>
    %c49 = arith.constant dense<0.04> : tensor<32xf32>
    %c50 = arith.constant dense<0.90> : tensor<32xf32>
    %c51 = arith.constant dense<0.02> : tensor<64x32x3x3xf32>
    %c52 = arith.constant dense<1.00> : tensor<64xf32>
    %c53 = arith.constant dense<0.02> : tensor<64xf32>
    %c54 = arith.constant dense<0.00> : tensor<64xf32>
    %c55 = arith.constant dense<0.90> : tensor<64xf32>
    %c56 = arith.constant dense<0.01> : tensor<64x64x3x3xf32>
    %c57 = arith.constant dense<1.05> : tensor<64xf32>
    %c58 = arith.constant dense<0.03> : tensor<64xf32>
    %c59 = arith.constant dense<0.02> : tensor<64xf32>
    %c60 = arith.constant dense<1.00> : tensor<64xf32>
    %c61 = arith.constant dense<0.05> : tensor<64x32x1x1xf32>
    %c62 = arith.constant dense<1.10> : tensor<64xf32>
    %c63 = arith.constant dense<0.04> : tensor<64xf32>
    %c64 = arith.constant dense<0.04> : tensor<64xf32>
    %c65 = arith.constant dense<0.90> : tensor<64xf32>
    %c66 = arith.constant dense<0.02> : tensor<64x64x3x3xf32>
    %c67 = arith.constant dense<1.00> : tensor<64xf32>
    %c68 = arith.constant dense<0.00> : tensor<64xf32>
    %c69 = arith.constant dense<0.06> : tensor<64xf32>
    %c70 = arith.constant dense<1.00> : tensor<64xf32>
    %c71 = arith.constant dense<0.01> : tensor<64x64x3x3xf32>
    %c72 = arith.constant dense<1.05> : tensor<64xf32>
    %c73 = arith.constant dense<0.01> : tensor<64xf32>
    %c74 = arith.constant dense<0.00> : tensor<64xf32>
    %c75 = arith.constant dense<0.90> : tensor<64xf32>
    %c76 = arith.constant dense<0.001> : tensor<10x64xf32>
    %c77 = arith.constant dense<0.0> : tensor<10xf32>
    %stem = resnet.conv2d %input, %c1 {pads = array<i64: 1, 1, 1, 1>} : tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32> -> tensor<1x16x32x32xf32>
    %stem_bn = resnet.batch_norm %stem, %c2, %c3, %c4, %c5 : tensor<1x16x32x32xf32>, tensor<16xf32>
    %stem_relu = resnet.relu %stem_bn : tensor<1x16x32x32xf32>
    %b1 = resnet.residual_block %stem_relu
        conv1(%c6 : tensor<16x16x3x3xf32>, bn %c7, %c8, %c9, %c10 : tensor<16xf32>)
        conv2(%c11 : tensor<16x16x3x3xf32>, bn %c12, %c13, %c14, %c15 : tensor<16xf32>)
        : tensor<1x16x32x32xf32> -> tensor<1x16x32x32xf32>
    %b2 = resnet.residual_block %b1
        conv1(%c16 : tensor<16x16x3x3xf32>, bn %c17, %c18, %c19, %c20 : tensor<16xf32>)
        conv2(%c21 : tensor<16x16x3x3xf32>, bn %c22, %c23, %c24, %c25 : tensor<16xf32>)
        : tensor<1x16x32x32xf32> -> tensor<1x16x32x32xf32>
    %b3 = resnet.residual_block %b2 stride 2
        conv1(%c26 : tensor<32x16x3x3xf32>, bn %c27, %c28, %c29, %c30 : tensor<32xf32>)
        conv2(%c31 : tensor<32x32x3x3xf32>, bn %c32, %c33, %c34, %c35 : tensor<32xf32>)
        projection(%c36 : tensor<32x16x1x1xf32>, bn %c37, %c38, %c39, %c40 : tensor<32xf32>)
        : tensor<1x16x32x32xf32> -> tensor<1x32x16x16xf32>
    %b4 = resnet.residual_block %b3
        conv1(%c41 : tensor<32x32x3x3xf32>, bn %c42, %c43, %c44, %c45 : tensor<32xf32>)
        conv2(%c46 : tensor<32x32x3x3xf32>, bn %c47, %c48, %c49, %c50 : tensor<32xf32>)
        : tensor<1x32x16x16xf32> -> tensor<1x32x16x16xf32>
    %b5 = resnet.residual_block %b4 stride 2
        conv1(%c51 : tensor<64x32x3x3xf32>, bn %c52, %c53, %c54, %c55 : tensor<64xf32>)
        conv2(%c56 : tensor<64x64x3x3xf32>, bn %c57, %c58, %c59, %c60 : tensor<64xf32>)
        projection(%c61 : tensor<64x32x1x1xf32>, bn %c62, %c63, %c64, %c65 : tensor<64xf32>)
        : tensor<1x32x16x16xf32> -> tensor<1x64x8x8xf32>
    %b6 = resnet.residual_block %b5
        conv1(%c66 : tensor<64x64x3x3xf32>, bn %c67, %c68, %c69, %c70 : tensor<64xf32>)
        conv2(%c71 : tensor<64x64x3x3xf32>, bn %c72, %c73, %c74, %c75 : tensor<64xf32>)
        : tensor<1x64x8x8xf32> -> tensor<1x64x8x8xf32>
    %gap = resnet.global_avg_pool %b6 : tensor<1x64x8x8xf32> -> tensor<1x64x1x1xf32>
    %flat = resnet.flatten %gap : tensor<1x64x1x1xf32> -> tensor<1x64xf32>
    %logits = resnet.linear %flat, %c76, %c77 : tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32> -> tensor<1x10xf32>
    return %logits : tensor<1x10xf32>
  }
}
