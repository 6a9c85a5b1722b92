//===- ThreadsTest.cpp - runtime/threads.c, the __kmpc_* subset -----------===//
//
// The thread runtime that compiled models call instead of libomp: argument
// forwarding of __kmpc_fork_call, every schedule's iteration coverage and
// last-iteration flag, barriers, more worksharing loops in a region than
// dispatch buffers, nested regions (serial), regions forked from two
// application threads at once, the thread count (set, OMP_NUM_THREADS) and
// the loud failure beyond 16 microtask arguments, the busy time the
// profile reads, and threads that share one CPU.
//
//===----------------------------------------------------------------------===//
#include <gtest/gtest.h>

#include <dirent.h>
#include <sched.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <thread>
#include <utility>
#include <vector>

extern "C" {
typedef void (*kmpc_micro)(int32_t *, int32_t *, ...);
int32_t __kmpc_global_thread_num(void *loc);
void __kmpc_fork_call(void *loc, int32_t argc, kmpc_micro fn, ...);
void __kmpc_barrier(void *loc, int32_t gtid);
void __kmpc_for_static_init_8u(void *loc, int32_t gtid, int32_t schedule,
                               int32_t *plast, uint64_t *plower,
                               uint64_t *pupper, int64_t *pstride,
                               int64_t incr, int64_t chunk);
void __kmpc_for_static_fini(void *loc, int32_t gtid);
void __kmpc_dispatch_init_8u(void *loc, int32_t gtid, int32_t schedule,
                             uint64_t lb, uint64_t ub, int64_t st,
                             int64_t chunk);
int32_t __kmpc_dispatch_next_8u(void *loc, int32_t gtid, int32_t *plast,
                                uint64_t *plower, uint64_t *pupper,
                                int64_t *pstride);
void __kmpc_dispatch_init_4u(void *loc, int32_t gtid, int32_t schedule,
                             uint32_t lb, uint32_t ub, int32_t st,
                             int32_t chunk);
int32_t __kmpc_dispatch_next_4u(void *loc, int32_t gtid, int32_t *plast,
                                uint32_t *plower, uint32_t *pupper,
                                int32_t *pstride);
void resnet_set_num_threads(int n);
int resnet_get_max_threads(void);
void resnet_threads_account(int on);
int64_t resnet_threads_busy_ns(void);
}

namespace {
constexpr int kStatic = 34, kStaticChunked = 33, kDynamic = 35, kGuided = 36;
constexpr int kNonmonotonic = 1 << 30, kMonotonic = 1 << 29;

template <typename F> void forkWith(F &f) {
  __kmpc_fork_call(
      nullptr, 1,
      reinterpret_cast<kmpc_micro>(+[](int32_t *gtid, int32_t *, void *arg) {
        (*static_cast<F *>(arg))(*gtid);
      }),
      &f);
}

/// Deals the iterations 1..hits.size() of a guided loop out to the calling
/// thread of the team, counting each one run in `hits`.
void runGuidedLoop(int32_t gtid, std::vector<std::atomic<int>> &hits) {
  __kmpc_dispatch_init_8u(nullptr, gtid, kGuided | kNonmonotonic, 1,
                          hits.size(), 1, 1);
  int32_t last;
  uint64_t lower, upper;
  int64_t stride;
  while (
      __kmpc_dispatch_next_8u(nullptr, gtid, &last, &lower, &upper, &stride))
    for (uint64_t i = lower; i <= upper; ++i)
      ++hits[i - 1];
}

// ---- argument forwarding --------------------------------------------------

template <size_t> using Ptr = void *;
std::atomic<int> argsOk, argsCalls;

template <typename Seq> struct Micro;
template <size_t... I> struct Micro<std::index_sequence<I...>> {
  static void run(int32_t *, int32_t *, Ptr<I>... args) {
    void *got[] = {args..., nullptr};
    bool ok = true;
    for (size_t i = 0; i < sizeof...(I); ++i)
      ok &= got[i] == reinterpret_cast<void *>(uintptr_t(0x1000 + 8 * i));
    argsOk += ok;
    ++argsCalls;
  }
  static void fork() {
    __kmpc_fork_call(nullptr, int32_t(sizeof...(I)),
                     reinterpret_cast<kmpc_micro>(&run),
                     reinterpret_cast<void *>(uintptr_t(0x1000 + 8 * I))...);
  }
};

template <size_t N> void checkArgs(int threads) {
  argsOk = 0;
  argsCalls = 0;
  Micro<std::make_index_sequence<N>>::fork();
  EXPECT_EQ(argsCalls.load(), threads) << N << " arguments";
  EXPECT_EQ(argsOk.load(), threads) << N << " arguments";
}

template <size_t... N> void checkAllArgs(int threads, std::index_sequence<N...>) {
  (checkArgs<N>(threads), ...);
}

TEST(Threads, ForwardsUpTo16Arguments) {
  for (int threads : {1, 3}) {
    resnet_set_num_threads(threads);
    checkAllArgs(threads, std::make_index_sequence<17>());
  }
}

TEST(ThreadsDeathTest, MoreThan16ArgumentsAbort) {
  ::testing::FLAGS_gtest_death_test_style = "threadsafe";
  EXPECT_DEATH(Micro<std::make_index_sequence<17>>::fork(),
               "__kmpc_fork_call: unsupported number of microtask arguments");
}

// ---- thread count ---------------------------------------------------------

TEST(Threads, TeamSizeFollowsSetNumThreads) {
  for (int threads : {1, 2, 4, 3}) {
    resnet_set_num_threads(threads);
    EXPECT_EQ(resnet_get_max_threads(), threads);
    std::atomic<int> calls{0}, tidMask{0};
    auto body = [&](int32_t gtid) {
      ++calls;
      tidMask |= 1 << __kmpc_global_thread_num(nullptr);
      EXPECT_EQ(gtid, __kmpc_global_thread_num(nullptr));
    };
    forkWith(body);
    EXPECT_EQ(calls.load(), threads);
    EXPECT_EQ(tidMask.load(), (1 << threads) - 1);
  }
}

TEST(ThreadsDeathTest, DefaultsToOmpNumThreads) {
  ::testing::FLAGS_gtest_death_test_style = "threadsafe";
  setenv("OMP_NUM_THREADS", "3", 1);
  EXPECT_EXIT(std::exit(resnet_get_max_threads() == 3 ? 7 : 1),
              ::testing::ExitedWithCode(7), "");
  unsetenv("OMP_NUM_THREADS");
}

// ---- worksharing loops ----------------------------------------------------

struct Loop {
  uint64_t lb, trip;
  int64_t st, chunk;
};

// Runs `loop` in a region of `threads` threads with `schedule` (through the
// dispatch interface, or __kmpc_for_static_init when `viaStaticInit`);
// checks that each iteration ran once and that exactly the thread that ran
// the last iteration saw the last-iteration flag.
void checkLoop(int threads, int schedule, bool viaStaticInit, Loop loop) {
  resnet_set_num_threads(threads);
  std::vector<std::atomic<int>> hits(loop.trip);
  std::atomic<int> lastFlags{0}, bad{0};
  std::atomic<int64_t> lastOwnerHit{-1};
  uint64_t ub = loop.lb + (loop.trip - 1) * uint64_t(loop.st);
  auto record = [&](uint64_t from, uint64_t to, int32_t last) {
    bool sawLast = false;
    for (uint64_t i = from;; i += uint64_t(loop.st)) {
      uint64_t k = (i - loop.lb) / uint64_t(loop.st);
      if ((i - loop.lb) % uint64_t(loop.st) || k >= loop.trip)
        ++bad;
      else
        ++hits[k];
      sawLast |= k == loop.trip - 1;
      if (i == to)
        break;
    }
    if (last)
      ++lastFlags;
    if (sawLast)
      lastOwnerHit = last;
  };
  auto body = [&](int32_t gtid) {
    if (viaStaticInit) {
      int32_t last = 0;
      uint64_t lower = loop.lb, upper = ub;
      int64_t stride = 0;
      __kmpc_for_static_init_8u(nullptr, gtid, schedule, &last, &lower,
                                &upper, &stride, loop.st, loop.chunk);
      if (schedule == kStaticChunked) {
        // Chunks lower..upper, then a stride further each time, clamped.
        for (uint64_t lo = lower, hi = upper; lo <= ub;
             lo += uint64_t(stride), hi += uint64_t(stride))
          record(lo, std::min(hi, ub), 0);
      } else if (upper - lower != uint64_t(-loop.st)) {
        record(lower, upper, last);
      }
      __kmpc_for_static_fini(nullptr, gtid);
    } else {
      __kmpc_dispatch_init_8u(nullptr, gtid, schedule, loop.lb, ub, loop.st,
                              loop.chunk);
      int32_t last = 0;
      uint64_t lower = 0, upper = 0;
      int64_t stride = 0;
      while (__kmpc_dispatch_next_8u(nullptr, gtid, &last, &lower, &upper,
                                     &stride)) {
        EXPECT_EQ(stride, loop.st);
        record(lower, upper, last);
      }
    }
    __kmpc_barrier(nullptr, gtid);
  };
  forkWith(body);
  SCOPED_TRACE(testing::Message()
               << "threads " << threads << " schedule " << schedule
               << (viaStaticInit ? " (static_init)" : "") << " lb " << loop.lb
               << " trip " << loop.trip << " st " << loop.st << " chunk "
               << loop.chunk);
  EXPECT_EQ(bad.load(), 0);
  for (uint64_t k = 0; k < loop.trip; ++k)
    ASSERT_EQ(hits[k].load(), 1) << "iteration " << k;
  if (!viaStaticInit || schedule == kStatic) {
    EXPECT_EQ(lastFlags.load(), 1);
    EXPECT_EQ(lastOwnerHit.load(), 1);
  }
}

TEST(Threads, EveryScheduleRunsEachIterationOnce) {
  std::vector<Loop> loops;
  for (uint64_t trip : {1, 2, 3, 7, 16, 100, 1001})
    for (int64_t st : {1, 3})
      for (int64_t chunk : {0, 1, 4})
        for (uint64_t lb : {0, 1, 5})
          loops.push_back({lb, trip, st, chunk});
  for (int threads : {1, 2, 3, 5})
    for (const Loop &loop : loops) {
      for (int schedule :
           {kStatic, kStaticChunked, kDynamic, kGuided, kDynamic | kNonmonotonic,
            kGuided | kNonmonotonic, kDynamic | kMonotonic})
        checkLoop(threads, schedule, /*viaStaticInit=*/false, loop);
      checkLoop(threads, kStatic, /*viaStaticInit=*/true, loop);
      checkLoop(threads, kStaticChunked, /*viaStaticInit=*/true, loop);
    }
}

TEST(Threads, StaticSplitsEvenly) {
  resnet_set_num_threads(3);
  std::atomic<int> sizes[3] = {};
  auto body = [&](int32_t gtid) {
    int32_t last = 0;
    uint64_t lower = 0, upper = 9;
    int64_t stride = 0;
    __kmpc_for_static_init_8u(nullptr, gtid, kStatic, &last, &lower, &upper,
                              &stride, 1, 0);
    sizes[__kmpc_global_thread_num(nullptr)] = int(upper - lower + 1);
    __kmpc_for_static_fini(nullptr, gtid);
  };
  forkWith(body);
  EXPECT_EQ(sizes[0].load(), 4);
  EXPECT_EQ(sizes[1].load(), 3);
  EXPECT_EQ(sizes[2].load(), 3);
}

TEST(Threads, GuidedTakesOwnBlockThenSteals) {
  // One thread of a 4-thread guided loop takes every chunk while the others
  // wait: first its own static block (iterations 0-24) from the front, in
  // halves of what is left (at least the chunk size, 2), then half of what
  // is left of each other block, from its back.
  resnet_set_num_threads(4);
  std::vector<std::pair<uint64_t, uint64_t>> chunks;
  std::atomic<bool> done{false};
  auto body = [&](int32_t gtid) {
    __kmpc_dispatch_init_8u(nullptr, gtid, kGuided | kNonmonotonic, 0, 99, 1,
                            2);
    int32_t last;
    uint64_t lower, upper;
    int64_t stride;
    if (__kmpc_global_thread_num(nullptr) == 0) {
      while (__kmpc_dispatch_next_8u(nullptr, gtid, &last, &lower, &upper,
                                     &stride))
        chunks.push_back({lower, upper});
      done = true;
    } else {
      while (!done)
        std::this_thread::yield();
      EXPECT_EQ(__kmpc_dispatch_next_8u(nullptr, gtid, &last, &lower, &upper,
                                        &stride),
                0);
    }
    __kmpc_barrier(nullptr, gtid);
  };
  forkWith(body);
  std::vector<std::pair<uint64_t, uint64_t>> expected = {
      {0, 12}, {13, 18}, {19, 21}, {22, 23}, {24, 24}};
  for (uint64_t begin : {25, 50, 75})
    for (uint64_t end = begin + 25, left = 25; left;) {
      uint64_t size = (left + 1) / 2;
      expected.push_back({end - size, end - 1});
      end -= size;
      left -= size;
    }
  EXPECT_EQ(chunks, expected);
}

TEST(Threads, GuidedStartsEachThreadOnItsStaticBlock) {
  // Threads taking their first chunks in turn, before any block is used up
  // (nobody steals yet): each gets the front of its static block, as a
  // static schedule would, so consecutive loops over the same space give a
  // thread the same tiles. Then all drain the loop, each iteration once.
  resnet_set_num_threads(3);
  uint64_t firsts[3] = {~0ull, ~0ull, ~0ull};
  std::vector<std::atomic<int>> hits(30);
  std::atomic<int> turn{0};
  auto body = [&](int32_t gtid) {
    __kmpc_dispatch_init_8u(nullptr, gtid, kGuided | kNonmonotonic, 0, 29, 1,
                            1);
    int32_t last;
    uint64_t lower, upper;
    int64_t stride;
    int tid = __kmpc_global_thread_num(nullptr);
    while (turn != tid)
      std::this_thread::yield();
    bool more = __kmpc_dispatch_next_8u(nullptr, gtid, &last, &lower, &upper,
                                        &stride);
    firsts[tid] = more ? lower : ~0ull;
    ++turn;
    while (turn != 3)
      std::this_thread::yield();
    for (; more; more = __kmpc_dispatch_next_8u(nullptr, gtid, &last, &lower,
                                                &upper, &stride))
      for (uint64_t i = lower; i <= upper; ++i)
        ++hits[i];
    __kmpc_barrier(nullptr, gtid);
  };
  forkWith(body);
  EXPECT_EQ(firsts[0], 0u);
  EXPECT_EQ(firsts[1], 10u);
  EXPECT_EQ(firsts[2], 20u);
  for (auto &hit : hits)
    EXPECT_EQ(hit.load(), 1);
}

TEST(Threads, FourUnsignedDispatch) {
  resnet_set_num_threads(3);
  std::vector<std::atomic<int>> hits(50);
  auto body = [&](int32_t gtid) {
    __kmpc_dispatch_init_4u(nullptr, gtid, kDynamic, 10, 59, 1, 3);
    int32_t last;
    uint32_t lower, upper;
    int32_t stride;
    while (__kmpc_dispatch_next_4u(nullptr, gtid, &last, &lower, &upper,
                                   &stride))
      for (uint32_t i = lower; i <= upper; ++i)
        ++hits[i - 10];
    __kmpc_barrier(nullptr, gtid);
  };
  forkWith(body);
  for (auto &hit : hits)
    EXPECT_EQ(hit.load(), 1);
}

TEST(Threads, ManyLoopsWithoutBarriers) {
  // More loops in one region than dispatch buffers, no barrier between
  // them: buffers are recycled only once every thread has finished.
  resnet_set_num_threads(3);
  constexpr int kLoops = 40, kTrip = 37;
  std::vector<std::atomic<int>> hits(kLoops * kTrip);
  auto body = [&](int32_t gtid) {
    for (int l = 0; l < kLoops; ++l) {
      __kmpc_dispatch_init_8u(nullptr, gtid, l % 2 ? kGuided : kDynamic, 0,
                              kTrip - 1, 1, 1);
      int32_t last;
      uint64_t lower, upper;
      int64_t stride;
      while (__kmpc_dispatch_next_8u(nullptr, gtid, &last, &lower, &upper,
                                     &stride))
        for (uint64_t i = lower; i <= upper; ++i)
          ++hits[l * kTrip + i];
    }
  };
  forkWith(body);
  for (auto &hit : hits)
    ASSERT_EQ(hit.load(), 1);
}

TEST(Threads, BarrierSeparatesPhases) {
  resnet_set_num_threads(4);
  constexpr int kPhases = 200;
  std::vector<std::atomic<int>> arrived(kPhases);
  std::atomic<int> early{0};
  auto body = [&](int32_t gtid) {
    for (int p = 0; p < kPhases; ++p) {
      ++arrived[p];
      __kmpc_barrier(nullptr, gtid);
      if (arrived[p].load() != 4)
        ++early;
    }
  };
  forkWith(body);
  EXPECT_EQ(early.load(), 0);
}

// ---- busy time (the profile's) and threads on one CPU ---------------------

int64_t monotonicNs() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return int64_t(t.tv_sec) * 1000000000 + t.tv_nsec;
}

TEST(Threads, BusyTimeLeavesOutBarrierWaits) {
  // Thread 0 works 40 ms (in a nested region: counted once, in the outer
  // one), thread 1 none; both then meet at a barrier. Counted: 40 ms of
  // work, not thread 1's 40 ms wait at the barrier.
  resnet_set_num_threads(2);
  constexpr int64_t kWorkNs = 40000000;
  auto work = [&](int32_t) {
    for (int64_t start = monotonicNs(); monotonicNs() - start < kWorkNs;)
      ;
  };
  auto body = [&](int32_t gtid) {
    if (__kmpc_global_thread_num(nullptr) == 0)
      forkWith(work);
    __kmpc_barrier(nullptr, gtid);
  };
  forkWith(body); // the workers exist, and are awake
  resnet_threads_account(1);
  int64_t before = resnet_threads_busy_ns();
  forkWith(body);
  int64_t busy = resnet_threads_busy_ns() - before;
  resnet_threads_account(0);
  EXPECT_GE(busy, kWorkNs);
  EXPECT_LT(busy, kWorkNs + kWorkNs / 2);
  // Off: nothing counted.
  before = resnet_threads_busy_ns();
  forkWith(body);
  EXPECT_EQ(resnet_threads_busy_ns(), before);
}

/// Sets the affinity of every thread of the process to `set`; false where
/// the system refuses.
bool pinEveryThread(const cpu_set_t &set) {
  DIR *tasks = opendir("/proc/self/task");
  if (!tasks)
    return false;
  bool ok = true;
  while (dirent *entry = readdir(tasks))
    if (entry->d_name[0] != '.')
      ok &= sched_setaffinity(std::atoi(entry->d_name), sizeof set, &set) == 0;
  closedir(tasks);
  return ok;
}

TEST(Threads, TeamOnOneCpuStillCoversEveryIteration) {
  // Two threads on one CPU wait for each other by yielding at once (a
  // spin would hold the CPU from the thread it waits for): regions,
  // guided loops and barriers still complete, each iteration run once.
  resnet_set_num_threads(2);
  auto touch = [](int32_t) {};
  forkWith(touch); // the worker exists before the pinning
  cpu_set_t all, one;
  ASSERT_EQ(sched_getaffinity(0, sizeof all, &all), 0);
  CPU_ZERO(&one);
  CPU_SET(sched_getcpu(), &one);
  if (!pinEveryThread(one))
    GTEST_SKIP() << "sched_setaffinity refused";
  int failures = 0;
  for (int run = 0; run < 200; ++run) {
    std::vector<std::atomic<int>> hits(64);
    std::atomic<int> early{0}, arrived{0};
    auto body = [&](int32_t gtid) {
      runGuidedLoop(gtid, hits);
      ++arrived;
      __kmpc_barrier(nullptr, gtid);
      if (arrived.load() != 2)
        ++early;
    };
    forkWith(body);
    for (auto &hit : hits)
      failures += hit.load() != 1;
    failures += early.load();
  }
  pinEveryThread(all);
  EXPECT_EQ(failures, 0);
}

TEST(Threads, NestedRegionsRunSerially) {
  resnet_set_num_threads(3);
  std::atomic<int> inner{0}, innerTids{0};
  auto innerBody = [&](int32_t) {
    ++inner;
    innerTids |= 1 << __kmpc_global_thread_num(nullptr);
  };
  auto outer = [&](int32_t gtid) {
    int tid = __kmpc_global_thread_num(nullptr);
    forkWith(innerBody);
    // Back in the outer team, with its thread number and barrier.
    EXPECT_EQ(__kmpc_global_thread_num(nullptr), tid);
    __kmpc_barrier(nullptr, gtid);
  };
  forkWith(outer);
  EXPECT_EQ(inner.load(), 3);
  EXPECT_EQ(innerTids.load(), 1);
}

TEST(Threads, TwoApplicationThreadsForkAtOnce) {
  // Two model contexts on two threads: while one region holds the pool the
  // other runs on its own thread; both complete and cover every iteration.
  resnet_set_num_threads(3);
  std::atomic<int> failures{0};
  auto app = [&] {
    for (int run = 0; run < 300; ++run) {
      std::vector<std::atomic<int>> hits(64);
      auto body = [&](int32_t gtid) {
        runGuidedLoop(gtid, hits);
        __kmpc_barrier(nullptr, gtid);
      };
      forkWith(body);
      for (auto &hit : hits)
        failures += hit.load() != 1;
    }
  };
  std::thread a(app), b(app);
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(Threads, OrphanedLoopRunsOnTheCaller) {
  // A worksharing loop outside any region: a team of one.
  int count = 0;
  __kmpc_dispatch_init_8u(nullptr, 0, kDynamic, 0, 9, 1, 2);
  int32_t last;
  uint64_t lower, upper;
  int64_t stride;
  while (__kmpc_dispatch_next_8u(nullptr, 0, &last, &lower, &upper, &stride))
    count += int(upper - lower + 1);
  EXPECT_EQ(count, 10);
  __kmpc_barrier(nullptr, 0);
  // ... and it leaves later regions parallel.
  resnet_set_num_threads(2);
  std::atomic<int> calls{0};
  auto body = [&](int32_t) { ++calls; };
  forkWith(body);
  EXPECT_EQ(calls.load(), 2);
}
} // namespace
