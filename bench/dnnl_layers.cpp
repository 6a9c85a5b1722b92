// dnnl_layers: times convolution layers with oneDNN, the hand-tuned
// reference that bench/layers.py sets next to our per-layer profile. oneDNN
// is a benchmark peer only: nothing in the product links it.
//
//   c++ -O2 -std=c++17 bench/dnnl_layers.cpp -ldnnl -o dnnl_layers
//   ./dnnl_layers LAYERS.txt [--threads T] [--runs N] [--warmup W]
//                 [--peak-gflops G]
//
// LAYERS.txt has one layer a line, `key=value` fields then `name=` and the
// rest of the line ('#' starts a comment line):
//
//   n=1 c=64 h=56 w=56 f=64 kh=3 kw=3 sh=1 sw=1 pt=1 pl=1 pb=1 pr=1 g=1
//       relu=1 sum=1 name=layer1.0/conv2
//
// c, h, w, f, kh, kw are required; n, sh, sw, dh, dw, g default to 1 and
// pt, pl, pb, pr (pads top, left, bottom, right), relu, sum to 0. Each
// layer is a convolution_forward with a bias, format_tag::any for the
// source, weights and destination (oneDNN picks its blocked layouts; a
// model would keep its activations in them, so no reorder is timed), the
// weights reordered once before timing, and post-ops sum (the residual
// add, read from the destination) then eltwise_relu where the layer has
// them. Per layer it prints the median and min of `--runs` timed runs after
// `--warmup` untimed ones, GFLOP/s of the direct convolution (2 x
// multiply-adds), % of `--peak-gflops` and the implementation oneDNN chose.
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <dlfcn.h>

namespace {

struct Layer {
  std::string name;
  long n = 1, c = 0, h = 0, w = 0, f = 0, kh = 0, kw = 0;
  long sh = 1, sw = 1, pt = 0, pl = 0, pb = 0, pr = 0, dh = 1, dw = 1, g = 1;
  bool relu = false, sum = false;

  long outH() const { return (h + pt + pb - dh * (kh - 1) - 1) / sh + 1; }
  long outW() const { return (w + pl + pr - dw * (kw - 1) - 1) / sw + 1; }
  double flops() const {
    return 2.0 * n * f * outH() * outW() * (c / g) * kh * kw;
  }
  /// "64x56x56->64 3x3/1 p1 g1 +sum +relu": no spaces inside fields
  /// that a reader splits on, so it is printed with '_' for ' '.
  std::string shape() const {
    std::ostringstream os;
    os << n << "x" << c << "x" << h << "x" << w << "->" << f << "x" << outH()
       << "x" << outW() << "_" << kh << "x" << kw << "/" << sh;
    if (sw != sh)
      os << "," << sw;
    os << "_p" << pt;
    if (pl != pt || pb != pt || pr != pt)
      os << "," << pl << "," << pb << "," << pr;
    if (dh != 1 || dw != 1)
      os << "_d" << dh << "," << dw;
    if (g != 1)
      os << "_g" << g;
    if (sum)
      os << "_+sum";
    if (relu)
      os << "_+relu";
    return os.str();
  }
};

[[noreturn]] void die(const std::string &message) {
  std::fprintf(stderr, "dnnl_layers: error: %s\n", message.c_str());
  std::exit(1);
}

bool parseLong(const std::string &text, long &value) {
  char *end = nullptr;
  value = std::strtol(text.c_str(), &end, 10);
  return !text.empty() && *end == '\0';
}

/// One line of the layer file; `where` ("file:line") prefixes errors.
Layer parseLayer(const std::string &line, const std::string &where) {
  Layer layer;
  std::map<std::string, long *> fields = {
      {"n", &layer.n},   {"c", &layer.c},   {"h", &layer.h},
      {"w", &layer.w},   {"f", &layer.f},   {"kh", &layer.kh},
      {"kw", &layer.kw}, {"sh", &layer.sh}, {"sw", &layer.sw},
      {"pt", &layer.pt}, {"pl", &layer.pl}, {"pb", &layer.pb},
      {"pr", &layer.pr}, {"dh", &layer.dh}, {"dw", &layer.dw},
      {"g", &layer.g}};
  long relu = 0, sum = 0;
  fields["relu"] = &relu;
  fields["sum"] = &sum;
  std::string rest = line;
  if (size_t at = rest.find("name="); at != std::string::npos) {
    layer.name = rest.substr(at + 5);
    rest.resize(at);
  }
  std::istringstream tokens(rest);
  std::string token;
  while (tokens >> token) {
    size_t eq = token.find('=');
    std::string key = token.substr(0, eq);
    auto field = fields.find(key);
    if (eq == std::string::npos || field == fields.end())
      die(where + ": unknown field '" + token + "'");
    if (!parseLong(token.substr(eq + 1), *field->second))
      die(where + ": '" + token + "' is not an integer");
  }
  layer.relu = relu != 0;
  layer.sum = sum != 0;
  for (long v : {layer.c, layer.h, layer.w, layer.f, layer.kh, layer.kw})
    if (v <= 0)
      die(where + ": c, h, w, f, kh and kw must be given and positive");
  for (long v : {layer.n, layer.sh, layer.sw, layer.dh, layer.dw, layer.g})
    if (v <= 0)
      die(where + ": n, strides, dilations and g must be positive");
  for (long v : {layer.pt, layer.pl, layer.pb, layer.pr})
    if (v < 0)
      die(where + ": pads must not be negative");
  if (layer.c % layer.g != 0 || layer.f % layer.g != 0)
    die(where + ": g must divide c and f");
  if (layer.outH() <= 0 || layer.outW() <= 0)
    die(where + ": the kernel does not fit the padded input");
  return layer;
}

std::vector<Layer> readLayers(const std::string &path) {
  std::ifstream in(path);
  if (!in)
    die("cannot read '" + path + "'");
  std::vector<Layer> layers;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#')
      continue;
    layers.push_back(parseLayer(line, path + ":" + std::to_string(number)));
  }
  if (layers.empty())
    die("'" + path + "' has no layers");
  return layers;
}

using dnnl::memory;
using Clock = std::chrono::steady_clock;

/// A memory of `desc` filled with small values that do not go denormal.
memory filled(const memory::desc &desc, const dnnl::engine &engine,
              unsigned seed) {
  memory mem(desc, engine);
  float *data = static_cast<float *>(mem.get_data_handle());
  size_t count = desc.get_size() / sizeof(float);
  for (size_t i = 0; i < count; ++i) {
    seed = seed * 1664525u + 1013904223u;
    data[i] = static_cast<float>((seed >> 9) & 0xff) / 256.0f - 0.5f;
  }
  return mem;
}

struct Timing {
  double medianMs, minMs;
  std::string impl;
};

Timing timeLayer(const Layer &l, const dnnl::engine &engine,
                 dnnl::stream &stream, int runs, int warmup) {
  using tag = memory::format_tag;
  using dt = memory::data_type;
  memory::dims src = {l.n, l.c, l.h, l.w};
  memory::dims dst = {l.n, l.f, l.outH(), l.outW()};
  memory::dims weights =
      l.g == 1 ? memory::dims{l.f, l.c, l.kh, l.kw}
               : memory::dims{l.g, l.f / l.g, l.c / l.g, l.kh, l.kw};
  memory::desc srcAny(src, dt::f32, tag::any), dstAny(dst, dt::f32, tag::any),
      weightsAny(weights, dt::f32, tag::any), bias({l.f}, dt::f32, tag::x);
  // oneDNN counts dilations from 0 (0: dense).
  dnnl::convolution_forward::desc desc(
      dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
      srcAny, weightsAny, bias, dstAny, {l.sh, l.sw}, {l.dh - 1, l.dw - 1},
      {l.pt, l.pl}, {l.pb, l.pr});
  dnnl::post_ops ops;
  if (l.sum)
    ops.append_sum(1.0f);
  if (l.relu)
    ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
  dnnl::primitive_attr attr;
  attr.set_post_ops(ops);
  dnnl::convolution_forward::primitive_desc pd(desc, attr, engine);

  // The weights as a model holds them (plain OIHW / GOIHW), reordered
  // once into the primitive's layout, outside the timing.
  memory plainWeights =
      filled({weights, dt::f32, l.g == 1 ? tag::oihw : tag::goihw}, engine, 1);
  memory convWeights(pd.weights_desc(), engine);
  dnnl::reorder(plainWeights, convWeights)
      .execute(stream, plainWeights, convWeights);
  memory srcMem = filled(pd.src_desc(), engine, 2);
  memory biasMem = filled(pd.bias_desc(), engine, 3);
  memory dstMem = filled(pd.dst_desc(), engine, 4);
  stream.wait();

  dnnl::convolution_forward conv(pd);
  std::unordered_map<int, memory> args = {{DNNL_ARG_SRC, srcMem},
                                          {DNNL_ARG_WEIGHTS, convWeights},
                                          {DNNL_ARG_BIAS, biasMem},
                                          {DNNL_ARG_DST, dstMem}};
  std::vector<double> ms;
  for (int i = 0; i < warmup + runs; ++i) {
    // The sum post-op accumulates into dst run after run; with values
    // near 1 that stays far from overflow for any practical --runs.
    Clock::time_point start = Clock::now();
    conv.execute(stream, args);
    stream.wait();
    double elapsed =
        std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (i >= warmup)
      ms.push_back(elapsed);
  }
  std::sort(ms.begin(), ms.end());
  size_t mid = ms.size() / 2;
  double median = ms.size() % 2 ? ms[mid] : 0.5 * (ms[mid - 1] + ms[mid]);
  return {median, ms.front(), pd.impl_info_str()};
}

/// Sets oneDNN's thread count before any primitive is created (it sizes
/// its work split by the count it sees then).
void setThreads(int threads) {
#if DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_OMP
  // The OpenMP runtime libdnnl itself loaded (Debian's: GNU libgomp), found
  // at run time: linking one with -fopenmp could bring a second runtime
  // (clang's libomp) whose setting oneDNN would not see.
  using Set = void (*)(int);
  using Get = int (*)();
  auto set = reinterpret_cast<Set>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
  auto get = reinterpret_cast<Get>(dlsym(RTLD_DEFAULT, "omp_get_max_threads"));
  if (!set || !get)
    die("oneDNN is built with OpenMP but no OpenMP runtime is loaded");
  set(threads);
  if (get() != threads)
    die("OpenMP runs " + std::to_string(get()) + " threads, not " +
        std::to_string(threads));
#elif DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_SEQ
  if (threads != 1)
    die("this oneDNN is sequential: only --threads 1");
#else
  // TBB / threadpool builds: the runtime decides; say so in the output.
  std::fprintf(stderr,
               "dnnl_layers: warning: oneDNN not built with OpenMP, "
               "--threads %d not enforced\n",
               threads);
#endif
}

int usage() {
  std::fprintf(stderr, "usage: dnnl_layers LAYERS.txt [--threads T] "
                       "[--runs N] [--warmup W] [--peak-gflops G]\n");
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  std::string path;
  long threads = 1, runs = 20, warmup = 3;
  double peak = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        die(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--threads" || arg == "--runs" || arg == "--warmup") {
      long v;
      std::string text = value();
      if (!parseLong(text, v) || v < (arg == "--warmup" ? 0 : 1))
        die(arg + " wants a positive integer, got '" + text + "'");
      (arg == "--threads" ? threads : arg == "--runs" ? runs : warmup) = v;
    } else if (arg == "--peak-gflops") {
      std::string text = value();
      char *end = nullptr;
      peak = std::strtod(text.c_str(), &end);
      if (text.empty() || *end != '\0' || !(peak > 0))
        die("--peak-gflops wants a positive number, got '" + text + "'");
    } else if (arg == "--help" || arg == "-h") {
      usage();
      return 0;
    } else if (!arg.empty() && arg[0] != '-' && path.empty()) {
      path = arg;
    } else {
      return usage();
    }
  }
  if (path.empty())
    return usage();
  std::vector<Layer> layers = readLayers(path);
  setThreads(static_cast<int>(threads));

  const dnnl_version_t *version = dnnl_version();
  std::printf("dnnl_layers: oneDNN %d.%d.%d, %ld thread(s), median of %ld "
              "runs after %ld warmup\n",
              version->major, version->minor, version->patch, threads, runs,
              warmup);
  std::printf("%-5s %10s %10s %9s %6s  %-24s %s\n", "layer", "median_ms",
              "min_ms", "GFLOP/s", "%peak", "impl", "shape name");
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  double total = 0, totalFlops = 0;
  for (size_t i = 0; i < layers.size(); ++i) {
    const Layer &l = layers[i];
    Timing t;
    try {
      t = timeLayer(l, engine, stream, static_cast<int>(runs),
                    static_cast<int>(warmup));
    } catch (const dnnl::error &e) {
      die("layer " + std::to_string(i) + " (" + l.name + "): " + e.what());
    }
    double gflops = l.flops() / (t.medianMs * 1e6);
    char pct[16] = "-";
    if (peak > 0)
      std::snprintf(pct, sizeof(pct), "%.1f", 100.0 * gflops / peak);
    std::printf("%-5zu %10.4f %10.4f %9.2f %6s  %-24s %s %s\n", i, t.medianMs,
                t.minMs, gflops, pct, t.impl.c_str(), l.shape().c_str(),
                l.name.c_str());
    std::fflush(stdout);
    total += t.medianMs;
    totalFlops += l.flops();
  }
  std::printf("total %10.4f %10s %9.2f  %.3f GFLOP\n", total, "",
              totalFlops / (total * 1e6), totalFlops * 1e-9);
  return 0;
}
