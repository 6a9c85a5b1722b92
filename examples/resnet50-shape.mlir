module {
  func.func @resnet50(%input: tensor<1x3x224x224xf32>) -> tensor<1x1000xf32> {
    %c1 = arith.constant dense<0.01> : tensor<64x3x7x7xf32>
    %c2 = arith.constant dense<1.0> : tensor<64xf32>
    %c3 = arith.constant dense<0.1> : tensor<64xf32>
    %c4 = arith.constant dense<0.05> : tensor<64xf32>
    %c5 = arith.constant dense<0.9> : tensor<64xf32>
    %c6 = arith.constant dense<0.01> : tensor<64x64x1x1xf32>
    %c7 = arith.constant dense<1.00> : tensor<64xf32>
    %c8 = arith.constant dense<0.00> : tensor<64xf32>
    %c9 = arith.constant dense<0.00> : tensor<64xf32>
    %c10 = arith.constant dense<0.90> : tensor<64xf32>
    %c11 = arith.constant dense<0.005> : tensor<64x64x3x3xf32>
    %c12 = arith.constant dense<1.05> : tensor<64xf32>
    %c13 = arith.constant dense<0.01> : tensor<64xf32>
    %c14 = arith.constant dense<0.02> : tensor<64xf32>
    %c15 = arith.constant dense<1.00> : tensor<64xf32>
    %c16 = arith.constant dense<0.01> : tensor<256x64x1x1xf32>
    %c17 = arith.constant dense<1.10> : tensor<256xf32>
    %c18 = arith.constant dense<0.02> : tensor<256xf32>
    %c19 = arith.constant dense<0.04> : tensor<256xf32>
    %c20 = arith.constant dense<0.90> : tensor<256xf32>
    %c21 = arith.constant dense<0.01> : tensor<256x64x1x1xf32>
    %c22 = arith.constant dense<1.00> : tensor<256xf32>
    %c23 = arith.constant dense<0.03> : tensor<256xf32>
    %c24 = arith.constant dense<0.06> : tensor<256xf32>
    %c25 = arith.constant dense<1.00> : tensor<256xf32>
    %c26 = arith.constant dense<0.01> : tensor<64x256x1x1xf32>
    %c27 = arith.constant dense<1.05> : tensor<64xf32>
    %c28 = arith.constant dense<0.04> : tensor<64xf32>
    %c29 = arith.constant dense<0.00> : tensor<64xf32>
    %c30 = arith.constant dense<0.90> : tensor<64xf32>
    %c31 = arith.constant dense<0.005> : tensor<64x64x3x3xf32>
    %c32 = arith.constant dense<1.10> : tensor<64xf32>
    %c33 = arith.constant dense<0.00> : tensor<64xf32>
    %c34 = arith.constant dense<0.02> : tensor<64xf32>
    %c35 = arith.constant dense<1.00> : tensor<64xf32>
    %c36 = arith.constant dense<0.01> : tensor<256x64x1x1xf32>
    %c37 = arith.constant dense<1.00> : tensor<256xf32>
    %c38 = arith.constant dense<0.01> : tensor<256xf32>
    %c39 = arith.constant dense<0.04> : tensor<256xf32>
    %c40 = arith.constant dense<0.90> : tensor<256xf32>
    %c41 = arith.constant dense<0.01> : tensor<64x256x1x1xf32>
    %c42 = arith.constant dense<1.10> : tensor<64xf32>
    %c43 = arith.constant dense<0.03> : tensor<64xf32>
    %c44 = arith.constant dense<0.00> : tensor<64xf32>
    %c45 = arith.constant dense<0.90> : tensor<64xf32>
    %c46 = arith.constant dense<0.005> : tensor<64x64x3x3xf32>
    %c47 = arith.constant dense<1.00> : tensor<64xf32>
    %c48 = arith.constant dense<0.04> : tensor<64xf32>
    %c49 = arith.constant dense<0.02> : tensor<64xf32>
    %c50 = arith.constant dense<1.00> : tensor<64xf32>
    %c51 = arith.constant dense<0.01> : tensor<256x64x1x1xf32>
    %c52 = arith.constant dense<1.05> : tensor<256xf32>
    %c53 = arith.constant dense<0.00> : tensor<256xf32>
    %c54 = arith.constant dense<0.04> : tensor<256xf32>
    %c55 = arith.constant dense<0.90> : tensor<256xf32>
    %c56 = arith.constant dense<0.01> : tensor<128x256x1x1xf32>
    %c57 = arith.constant dense<1.00> : tensor<128xf32>
    %c58 = arith.constant dense<0.02> : tensor<128xf32>
    %c59 = arith.constant dense<0.00> : tensor<128xf32>
    %c60 = arith.constant dense<0.90> : tensor<128xf32>
    %c61 = arith.constant dense<0.005> : tensor<128x128x3x3xf32>
    %c62 = arith.constant dense<1.05> : tensor<128xf32>
    %c63 = arith.constant dense<0.03> : tensor<128xf32>
    %c64 = arith.constant dense<0.02> : tensor<128xf32>
    %c65 = arith.constant dense<1.00> : tensor<128xf32>
    %c66 = arith.constant dense<0.01> : tensor<512x128x1x1xf32>
    %c67 = arith.constant dense<1.10> : tensor<512xf32>
    %c68 = arith.constant dense<0.04> : tensor<512xf32>
    %c69 = arith.constant dense<0.04> : tensor<512xf32>
    %c70 = arith.constant dense<0.90> : tensor<512xf32>
    %c71 = arith.constant dense<0.01> : tensor<512x256x1x1xf32>
    %c72 = arith.constant dense<1.00> : tensor<512xf32>
    %c73 = arith.constant dense<0.00> : tensor<512xf32>
    %c74 = arith.constant dense<0.06> : tensor<512xf32>
    %c75 = arith.constant dense<1.00> : tensor<512xf32>
    %c76 = arith.constant dense<0.01> : tensor<128x512x1x1xf32>
    %c77 = arith.constant dense<1.05> : tensor<128xf32>
    %c78 = arith.constant dense<0.01> : tensor<128xf32>
    %c79 = arith.constant dense<0.00> : tensor<128xf32>
    %c80 = arith.constant dense<0.90> : tensor<128xf32>
    %c81 = arith.constant dense<0.005> : tensor<128x128x3x3xf32>
    %c82 = arith.constant dense<1.10> : tensor<128xf32>
    %c83 = arith.constant dense<0.02> : tensor<128xf32>
    %c84 = arith.constant dense<0.02> : tensor<128xf32>
    %c85 = arith.constant dense<1.00> : tensor<128xf32>
    %c86 = arith.constant dense<0.01> : tensor<512x128x1x1xf32>
    %c87 = arith.constant dense<1.00> : tensor<512xf32>
    %c88 = arith.constant dense<0.03> : tensor<512xf32>
    %c89 = arith.constant dense<0.04> : tensor<512xf32>
    %c90 = arith.constant dense<0.90> : tensor<512xf32>
    %c91 = arith.constant dense<0.01> : tensor<128x512x1x1xf32>
    %c92 = arith.constant dense<1.10> : tensor<128xf32>
    %c93 = arith.constant dense<0.00> : tensor<128xf32>
    %c94 = arith.constant dense<0.00> : tensor<128xf32>
    %c95 = arith.constant dense<0.90> : tensor<128xf32>
    %c96 = arith.constant dense<0.005> : tensor<128x128x3x3xf32>
    %c97 = arith.constant dense<1.00> : tensor<128xf32>
    %c98 = arith.constant dense<0.01> : tensor<128xf32>
    %c99 = arith.constant dense<0.02> : tensor<128xf32>
    %c100 = arith.constant dense<1.00> : tensor<128xf32>
    %c101 = arith.constant dense<0.01> : tensor<512x128x1x1xf32>
    %c102 = arith.constant dense<1.05> : tensor<512xf32>
    %c103 = arith.constant dense<0.02> : tensor<512xf32>
    %c104 = arith.constant dense<0.04> : tensor<512xf32>
    %c105 = arith.constant dense<0.90> : tensor<512xf32>
    %c106 = arith.constant dense<0.01> : tensor<128x512x1x1xf32>
    %c107 = arith.constant dense<1.00> : tensor<128xf32>
    %c108 = arith.constant dense<0.04> : tensor<128xf32>
    %c109 = arith.constant dense<0.00> : tensor<128xf32>
    %c110 = arith.constant dense<0.90> : tensor<128xf32>
    %c111 = arith.constant dense<0.005> : tensor<128x128x3x3xf32>
    %c112 = arith.constant dense<1.05> : tensor<128xf32>
    %c113 = arith.constant dense<0.00> : tensor<128xf32>
    %c114 = arith.constant dense<0.02> : tensor<128xf32>
    %c115 = arith.constant dense<1.00> : tensor<128xf32>
    %c116 = arith.constant dense<0.01> : tensor<512x128x1x1xf32>
    %c117 = arith.constant dense<1.10> : tensor<512xf32>
    %c118 = arith.constant dense<0.01> : tensor<512xf32>
    %c119 = arith.constant dense<0.04> : tensor<512xf32>
    %c120 = arith.constant dense<0.90> : tensor<512xf32>
    %c121 = arith.constant dense<0.01> : tensor<256x512x1x1xf32>
    %c122 = arith.constant dense<1.05> : tensor<256xf32>
    %c123 = arith.constant dense<0.03> : tensor<256xf32>
    %c124 = arith.constant dense<0.00> : tensor<256xf32>
    %c125 = arith.constant dense<0.90> : tensor<256xf32>
    %c126 = arith.constant dense<0.005> : tensor<256x256x3x3xf32>
    %c127 = arith.constant dense<1.10> : tensor<256xf32>
    %c128 = arith.constant dense<0.04> : tensor<256xf32>
    %c129 = arith.constant dense<0.02> : tensor<256xf32>
    %c130 = arith.constant dense<1.00> : tensor<256xf32>
    %c131 = arith.constant dense<0.01> : tensor<1024x256x1x1xf32>
    %c132 = arith.constant dense<1.00> : tensor<1024xf32>
    %c133 = arith.constant dense<0.00> : tensor<1024xf32>
    %c134 = arith.constant dense<0.04> : tensor<1024xf32>
    %c135 = arith.constant dense<0.90> : tensor<1024xf32>
    %c136 = arith.constant dense<0.01> : tensor<1024x512x1x1xf32>
    %c137 = arith.constant dense<1.05> : tensor<1024xf32>
    %c138 = arith.constant dense<0.01> : tensor<1024xf32>
    %c139 = arith.constant dense<0.06> : tensor<1024xf32>
    %c140 = arith.constant dense<1.00> : tensor<1024xf32>
    %c141 = arith.constant dense<0.01> : tensor<256x1024x1x1xf32>
    %c142 = arith.constant dense<1.10> : tensor<256xf32>
    %c143 = arith.constant dense<0.02> : tensor<256xf32>
    %c144 = arith.constant dense<0.00> : tensor<256xf32>
    %c145 = arith.constant dense<0.90> : tensor<256xf32>
    %c146 = arith.constant dense<0.005> : tensor<256x256x3x3xf32>
    %c147 = arith.constant dense<1.00> : tensor<256xf32>
    %c148 = arith.constant dense<0.03> : tensor<256xf32>
    %c149 = arith.constant dense<0.02> : tensor<256xf32>
    %c150 = arith.constant dense<1.00> : tensor<256xf32>
    %c151 = arith.constant dense<0.01> : tensor<1024x256x1x1xf32>
    %c152 = arith.constant dense<1.05> : tensor<1024xf32>
    %c153 = arith.constant dense<0.04> : tensor<1024xf32>
    %c154 = arith.constant dense<0.04> : tensor<1024xf32>
    %c155 = arith.constant dense<0.90> : tensor<1024xf32>
    %c156 = arith.constant dense<0.01> : tensor<256x1024x1x1xf32>
    %c157 = arith.constant dense<1.00> : tensor<256xf32>
    %c158 = arith.constant dense<0.01> : tensor<256xf32>
    %c159 = arith.constant dense<0.00> : tensor<256xf32>
    %c160 = arith.constant dense<0.90> : tensor<256xf32>
    %c161 = arith.constant dense<0.005> : tensor<256x256x3x3xf32>
    %c162 = arith.constant dense<1.05> : tensor<256xf32>
    %c163 = arith.constant dense<0.02> : tensor<256xf32>
    %c164 = arith.constant dense<0.02> : tensor<256xf32>
    %c165 = arith.constant dense<1.00> : tensor<256xf32>
    %c166 = arith.constant dense<0.01> : tensor<1024x256x1x1xf32>
    %c167 = arith.constant dense<1.10> : tensor<1024xf32>
    %c168 = arith.constant dense<0.03> : tensor<1024xf32>
    %c169 = arith.constant dense<0.04> : tensor<1024xf32>
    %c170 = arith.constant dense<0.90> : tensor<1024xf32>
    %c171 = arith.constant dense<0.01> : tensor<256x1024x1x1xf32>
    %c172 = arith.constant dense<1.05> : tensor<256xf32>
    %c173 = arith.constant dense<0.00> : tensor<256xf32>
    %c174 = arith.constant dense<0.00> : tensor<256xf32>
    %c175 = arith.constant dense<0.90> : tensor<256xf32>
    %c176 = arith.constant dense<0.005> : tensor<256x256x3x3xf32>
    %c177 = arith.constant dense<1.10> : tensor<256xf32>
    %c178 = arith.constant dense<0.01> : tensor<256xf32>
    %c179 = arith.constant dense<0.02> : tensor<256xf32>
    %c180 = arith.constant dense<1.00> : tensor<256xf32>
    %c181 = arith.constant dense<0.01> : tensor<1024x256x1x1xf32>
    %c182 = arith.constant dense<1.00> : tensor<1024xf32>
    %c183 = arith.constant dense<0.02> : tensor<1024xf32>
    %c184 = arith.constant dense<0.04> : tensor<1024xf32>
    %c185 = arith.constant dense<0.90> : tensor<1024xf32>
    %c186 = arith.constant dense<0.01> : tensor<256x1024x1x1xf32>
    %c187 = arith.constant dense<1.10> : tensor<256xf32>
    %c188 = arith.constant dense<0.04> : tensor<256xf32>
    %c189 = arith.constant dense<0.00> : tensor<256xf32>
    %c190 = arith.constant dense<0.90> : tensor<256xf32>
    %c191 = arith.constant dense<0.005> : tensor<256x256x3x3xf32>
    %c192 = arith.constant dense<1.00> : tensor<256xf32>
    %c193 = arith.constant dense<0.00> : tensor<256xf32>
    %c194 = arith.constant dense<0.02> : tensor<256xf32>
    %c195 = arith.constant dense<1.00> : tensor<256xf32>
    %c196 = arith.constant dense<0.01> : tensor<1024x256x1x1xf32>
    %c197 = arith.constant dense<1.05> : tensor<1024xf32>
    %c198 = arith.constant dense<0.01> : tensor<1024xf32>
    %c199 = arith.constant dense<0.04> : tensor<1024xf32>
    %c200 = arith.constant dense<0.90> : tensor<1024xf32>
    %c201 = arith.constant dense<0.01> : tensor<256x1024x1x1xf32>
    %c202 = arith.constant dense<1.00> : tensor<256xf32>
    %c203 = arith.constant dense<0.03> : tensor<256xf32>
    %c204 = arith.constant dense<0.00> : tensor<256xf32>
    %c205 = arith.constant dense<0.90> : tensor<256xf32>
    %c206 = arith.constant dense<0.005> : tensor<256x256x3x3xf32>
    %c207 = arith.constant dense<1.05> : tensor<256xf32>
    %c208 = arith.constant dense<0.04> : tensor<256xf32>
    %c209 = arith.constant dense<0.02> : tensor<256xf32>
    %c210 = arith.constant dense<1.00> : tensor<256xf32>
    %c211 = arith.constant dense<0.01> : tensor<1024x256x1x1xf32>
    %c212 = arith.constant dense<1.10> : tensor<1024xf32>
    %c213 = arith.constant dense<0.00> : tensor<1024xf32>
    %c214 = arith.constant dense<0.04> : tensor<1024xf32>
    %c215 = arith.constant dense<0.90> : tensor<1024xf32>
    %c216 = arith.constant dense<0.01> : tensor<512x1024x1x1xf32>
    %c217 = arith.constant dense<1.05> : tensor<512xf32>
    %c218 = arith.constant dense<0.02> : tensor<512xf32>
    %c219 = arith.constant dense<0.00> : tensor<512xf32>
    %c220 = arith.constant dense<0.90> : tensor<512xf32>
    %c221 = arith.constant dense<0.005> : tensor<512x512x3x3xf32>
    %c222 = arith.constant dense<1.10> : tensor<512xf32>
    %c223 = arith.constant dense<0.03> : tensor<512xf32>
    %c224 = arith.constant dense<0.02> : tensor<512xf32>
    %c225 = arith.constant dense<1.00> : tensor<512xf32>
    %c226 = arith.constant dense<0.01> : tensor<2048x512x1x1xf32>
    %c227 = arith.constant dense<1.00> : tensor<2048xf32>
    %c228 = arith.constant dense<0.04> : tensor<2048xf32>
    %c229 = arith.constant dense<0.04> : tensor<2048xf32>
    %c230 = arith.constant dense<0.90> : tensor<2048xf32>
    %c231 = arith.constant dense<0.01> : tensor<2048x1024x1x1xf32>
    %c232 = arith.constant dense<1.05> : tensor<2048xf32>
    %c233 = arith.constant dense<0.00> : tensor<2048xf32>
    %c234 = arith.constant dense<0.06> : tensor<2048xf32>
    %c235 = arith.constant dense<1.00> : tensor<2048xf32>
    %c236 = arith.constant dense<0.01> : tensor<512x2048x1x1xf32>
    %c237 = arith.constant dense<1.10> : tensor<512xf32>
    %c238 = arith.constant dense<0.01> : tensor<512xf32>
    %c239 = arith.constant dense<0.00> : tensor<512xf32>
    %c240 = arith.constant dense<0.90> : tensor<512xf32>
    %c241 = arith.constant dense<0.005> : tensor<512x512x3x3xf32>
    %c242 = arith.constant dense<1.00> : tensor<512xf32>
    %c243 = arith.constant dense<0.02> : tensor<512xf32>
    %c244 = arith.constant dense<0.02> : tensor<512xf32>
    %c245 = arith.constant dense<1.00> : tensor<512xf32>
    %c246 = arith.constant dense<0.01> : tensor<2048x512x1x1xf32>
    %c247 = arith.constant dense<1.05> : tensor<2048xf32>
    %c248 = arith.constant dense<0.03> : tensor<2048xf32>
    %c249 = arith.constant dense<0.04> : tensor<2048xf32>
    %c250 = arith.constant dense<0.90> : tensor<2048xf32>
    %c251 = arith.constant dense<0.01> : tensor<512x2048x1x1xf32>
    %c252 = arith.constant dense<1.00> : tensor<512xf32>
    %c253 = arith.constant dense<0.00> : tensor<512xf32>
    %c254 = arith.constant dense<0.00> : tensor<512xf32>
    %c255 = arith.constant dense<0.90> : tensor<512xf32>
    %c256 = arith.constant dense<0.005> : tensor<512x512x3x3xf32>
    %c257 = arith.constant dense<1.05> : tensor<512xf32>
    %c258 = arith.constant dense<0.01> : tensor<512xf32>
    %c259 = arith.constant dense<0.02> : tensor<512xf32>
    %c260 = arith.constant dense<1.00> : tensor<512xf32>
    %c261 = arith.constant dense<0.01> : tensor<2048x512x1x1xf32>
    %c262 = arith.constant dense<1.10> : tensor<2048xf32>
    %c263 = arith.constant dense<0.02> : tensor<2048xf32>
    %c264 = arith.constant dense<0.04> : tensor<2048xf32>
    %c265 = arith.constant dense<0.90> : tensor<2048xf32>
    %c266 = arith.constant dense<0.001> : tensor<1000x2048xf32>
    %c267 = arith.constant dense<0.0> : tensor<1000xf32>
    %stem = resnet.conv2d %input, %c1 {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32> -> tensor<1x64x112x112xf32>
    %stem_bn = resnet.batch_norm %stem, %c2, %c3, %c4, %c5 : tensor<1x64x112x112xf32>, tensor<64xf32>
    %stem_relu = resnet.relu %stem_bn : tensor<1x64x112x112xf32>
    %pool = resnet.max_pool2d %stem_relu {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
    %b1 = resnet.bottleneck_block %pool width 64 expansion 4
        reduce(%c6 : tensor<64x64x1x1xf32>, bn %c7, %c8, %c9, %c10 : tensor<64xf32>)
        spatial(%c11 : tensor<64x64x3x3xf32>, bn %c12, %c13, %c14, %c15 : tensor<64xf32>)
        expand(%c16 : tensor<256x64x1x1xf32>, bn %c17, %c18, %c19, %c20 : tensor<256xf32>)
        projection(%c21 : tensor<256x64x1x1xf32>, bn %c22, %c23, %c24, %c25 : tensor<256xf32>)
        : tensor<1x64x56x56xf32> -> tensor<1x256x56x56xf32>
    %b2 = resnet.bottleneck_block %b1 width 64 expansion 4
        reduce(%c26 : tensor<64x256x1x1xf32>, bn %c27, %c28, %c29, %c30 : tensor<64xf32>)
        spatial(%c31 : tensor<64x64x3x3xf32>, bn %c32, %c33, %c34, %c35 : tensor<64xf32>)
        expand(%c36 : tensor<256x64x1x1xf32>, bn %c37, %c38, %c39, %c40 : tensor<256xf32>)
        : tensor<1x256x56x56xf32> -> tensor<1x256x56x56xf32>
    %b3 = resnet.bottleneck_block %b2 width 64 expansion 4
        reduce(%c41 : tensor<64x256x1x1xf32>, bn %c42, %c43, %c44, %c45 : tensor<64xf32>)
        spatial(%c46 : tensor<64x64x3x3xf32>, bn %c47, %c48, %c49, %c50 : tensor<64xf32>)
        expand(%c51 : tensor<256x64x1x1xf32>, bn %c52, %c53, %c54, %c55 : tensor<256xf32>)
        : tensor<1x256x56x56xf32> -> tensor<1x256x56x56xf32>
    %b4 = resnet.bottleneck_block %b3 width 128 expansion 4 stride 2
        reduce(%c56 : tensor<128x256x1x1xf32>, bn %c57, %c58, %c59, %c60 : tensor<128xf32>)
        spatial(%c61 : tensor<128x128x3x3xf32>, bn %c62, %c63, %c64, %c65 : tensor<128xf32>)
        expand(%c66 : tensor<512x128x1x1xf32>, bn %c67, %c68, %c69, %c70 : tensor<512xf32>)
        projection(%c71 : tensor<512x256x1x1xf32>, bn %c72, %c73, %c74, %c75 : tensor<512xf32>)
        : tensor<1x256x56x56xf32> -> tensor<1x512x28x28xf32>
    %b5 = resnet.bottleneck_block %b4 width 128 expansion 4
        reduce(%c76 : tensor<128x512x1x1xf32>, bn %c77, %c78, %c79, %c80 : tensor<128xf32>)
        spatial(%c81 : tensor<128x128x3x3xf32>, bn %c82, %c83, %c84, %c85 : tensor<128xf32>)
        expand(%c86 : tensor<512x128x1x1xf32>, bn %c87, %c88, %c89, %c90 : tensor<512xf32>)
        : tensor<1x512x28x28xf32> -> tensor<1x512x28x28xf32>
    %b6 = resnet.bottleneck_block %b5 width 128 expansion 4
        reduce(%c91 : tensor<128x512x1x1xf32>, bn %c92, %c93, %c94, %c95 : tensor<128xf32>)
        spatial(%c96 : tensor<128x128x3x3xf32>, bn %c97, %c98, %c99, %c100 : tensor<128xf32>)
        expand(%c101 : tensor<512x128x1x1xf32>, bn %c102, %c103, %c104, %c105 : tensor<512xf32>)
        : tensor<1x512x28x28xf32> -> tensor<1x512x28x28xf32>
    %b7 = resnet.bottleneck_block %b6 width 128 expansion 4
        reduce(%c106 : tensor<128x512x1x1xf32>, bn %c107, %c108, %c109, %c110 : tensor<128xf32>)
        spatial(%c111 : tensor<128x128x3x3xf32>, bn %c112, %c113, %c114, %c115 : tensor<128xf32>)
        expand(%c116 : tensor<512x128x1x1xf32>, bn %c117, %c118, %c119, %c120 : tensor<512xf32>)
        : tensor<1x512x28x28xf32> -> tensor<1x512x28x28xf32>
    %b8 = resnet.bottleneck_block %b7 width 256 expansion 4 stride 2
        reduce(%c121 : tensor<256x512x1x1xf32>, bn %c122, %c123, %c124, %c125 : tensor<256xf32>)
        spatial(%c126 : tensor<256x256x3x3xf32>, bn %c127, %c128, %c129, %c130 : tensor<256xf32>)
        expand(%c131 : tensor<1024x256x1x1xf32>, bn %c132, %c133, %c134, %c135 : tensor<1024xf32>)
        projection(%c136 : tensor<1024x512x1x1xf32>, bn %c137, %c138, %c139, %c140 : tensor<1024xf32>)
        : tensor<1x512x28x28xf32> -> tensor<1x1024x14x14xf32>
    %b9 = resnet.bottleneck_block %b8 width 256 expansion 4
        reduce(%c141 : tensor<256x1024x1x1xf32>, bn %c142, %c143, %c144, %c145 : tensor<256xf32>)
        spatial(%c146 : tensor<256x256x3x3xf32>, bn %c147, %c148, %c149, %c150 : tensor<256xf32>)
        expand(%c151 : tensor<1024x256x1x1xf32>, bn %c152, %c153, %c154, %c155 : tensor<1024xf32>)
        : tensor<1x1024x14x14xf32> -> tensor<1x1024x14x14xf32>
    %b10 = resnet.bottleneck_block %b9 width 256 expansion 4
        reduce(%c156 : tensor<256x1024x1x1xf32>, bn %c157, %c158, %c159, %c160 : tensor<256xf32>)
        spatial(%c161 : tensor<256x256x3x3xf32>, bn %c162, %c163, %c164, %c165 : tensor<256xf32>)
        expand(%c166 : tensor<1024x256x1x1xf32>, bn %c167, %c168, %c169, %c170 : tensor<1024xf32>)
        : tensor<1x1024x14x14xf32> -> tensor<1x1024x14x14xf32>
    %b11 = resnet.bottleneck_block %b10 width 256 expansion 4
        reduce(%c171 : tensor<256x1024x1x1xf32>, bn %c172, %c173, %c174, %c175 : tensor<256xf32>)
        spatial(%c176 : tensor<256x256x3x3xf32>, bn %c177, %c178, %c179, %c180 : tensor<256xf32>)
        expand(%c181 : tensor<1024x256x1x1xf32>, bn %c182, %c183, %c184, %c185 : tensor<1024xf32>)
        : tensor<1x1024x14x14xf32> -> tensor<1x1024x14x14xf32>
    %b12 = resnet.bottleneck_block %b11 width 256 expansion 4
        reduce(%c186 : tensor<256x1024x1x1xf32>, bn %c187, %c188, %c189, %c190 : tensor<256xf32>)
        spatial(%c191 : tensor<256x256x3x3xf32>, bn %c192, %c193, %c194, %c195 : tensor<256xf32>)
        expand(%c196 : tensor<1024x256x1x1xf32>, bn %c197, %c198, %c199, %c200 : tensor<1024xf32>)
        : tensor<1x1024x14x14xf32> -> tensor<1x1024x14x14xf32>
    %b13 = resnet.bottleneck_block %b12 width 256 expansion 4
        reduce(%c201 : tensor<256x1024x1x1xf32>, bn %c202, %c203, %c204, %c205 : tensor<256xf32>)
        spatial(%c206 : tensor<256x256x3x3xf32>, bn %c207, %c208, %c209, %c210 : tensor<256xf32>)
        expand(%c211 : tensor<1024x256x1x1xf32>, bn %c212, %c213, %c214, %c215 : tensor<1024xf32>)
        : tensor<1x1024x14x14xf32> -> tensor<1x1024x14x14xf32>
    %b14 = resnet.bottleneck_block %b13 width 512 expansion 4 stride 2
        reduce(%c216 : tensor<512x1024x1x1xf32>, bn %c217, %c218, %c219, %c220 : tensor<512xf32>)
        spatial(%c221 : tensor<512x512x3x3xf32>, bn %c222, %c223, %c224, %c225 : tensor<512xf32>)
        expand(%c226 : tensor<2048x512x1x1xf32>, bn %c227, %c228, %c229, %c230 : tensor<2048xf32>)
        projection(%c231 : tensor<2048x1024x1x1xf32>, bn %c232, %c233, %c234, %c235 : tensor<2048xf32>)
        : tensor<1x1024x14x14xf32> -> tensor<1x2048x7x7xf32>
    %b15 = resnet.bottleneck_block %b14 width 512 expansion 4
        reduce(%c236 : tensor<512x2048x1x1xf32>, bn %c237, %c238, %c239, %c240 : tensor<512xf32>)
        spatial(%c241 : tensor<512x512x3x3xf32>, bn %c242, %c243, %c244, %c245 : tensor<512xf32>)
        expand(%c246 : tensor<2048x512x1x1xf32>, bn %c247, %c248, %c249, %c250 : tensor<2048xf32>)
        : tensor<1x2048x7x7xf32> -> tensor<1x2048x7x7xf32>
    %b16 = resnet.bottleneck_block %b15 width 512 expansion 4
        reduce(%c251 : tensor<512x2048x1x1xf32>, bn %c252, %c253, %c254, %c255 : tensor<512xf32>)
        spatial(%c256 : tensor<512x512x3x3xf32>, bn %c257, %c258, %c259, %c260 : tensor<512xf32>)
        expand(%c261 : tensor<2048x512x1x1xf32>, bn %c262, %c263, %c264, %c265 : tensor<2048xf32>)
        : tensor<1x2048x7x7xf32> -> tensor<1x2048x7x7xf32>
    %gap = resnet.global_avg_pool %b16 : tensor<1x2048x7x7xf32> -> tensor<1x2048x1x1xf32>
    %flat = resnet.flatten %gap : tensor<1x2048x1x1xf32> -> tensor<1x2048xf32>
    %logits = resnet.linear %flat, %c266, %c267 : tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<1000xf32> -> tensor<1x1000xf32>
    return %logits : tensor<1x1000xf32>
  }
}
