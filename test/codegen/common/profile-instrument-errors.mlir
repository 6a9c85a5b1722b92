// RUN: resnet-opt %s --resnet-profile-instrument -split-input-file -verify-diagnostics

// expected-error @below {{module is already instrumented for profiling ('resnet_prof_begin' exists)}}
module {
  func.func private @resnet_prof_begin(i64)
}

// -----

module {
  // expected-error @below {{cannot profile a function body with more than one block (run before lowering control flow)}}
  func.func @model(%c: i1) {
    cf.cond_br %c, ^a, ^b
  ^a:
    return
  ^b:
    return
  }
}
