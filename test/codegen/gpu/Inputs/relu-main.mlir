// A host+device program: main fills an input on the GPU, calls @relu (a
// second kernel) and reads one result element on the host.
func.func @relu(%x: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x64xf32>) outs(%empty : tensor<4x64xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x64xf32>
  return %r : tensor<4x64xf32>
}

// Returns 7 + relu(-2) = 7 where a GPU runs it.
func.func @main() -> i32 {
  %minus = arith.constant -2.0 : f32
  %empty = tensor.empty() : tensor<4x64xf32>
  %x = linalg.fill ins(%minus : f32) outs(%empty : tensor<4x64xf32>) -> tensor<4x64xf32>
  %y = call @relu(%x) : (tensor<4x64xf32>) -> tensor<4x64xf32>
  %c3 = arith.constant 3 : index
  %v = tensor.extract %y[%c3, %c3] : tensor<4x64xf32>
  %seven = arith.constant 7.0 : f32
  %sum = arith.addf %v, %seven : f32
  %code = arith.fptosi %sum : f32 to i32
  return %code : i32
}
