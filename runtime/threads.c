/* threads.c: the part of the LLVM OpenMP runtime ABI that compiled models
 * call, on a persistent pthread pool.
 *
 * At -O2/-O3 resnet-compile turns each layer's tile loop into an OpenMP
 * worksharing loop (scf.forall -> scf.parallel -> omp dialect -> LLVM's
 * OpenMPIRBuilder). The generated code calls a handful of entry points of
 * libomp's `__kmpc_*` ABI. Linking libomp made every emitted binary depend
 * on a shared library that is often missing where the binary is deployed;
 * this file implements exactly the entry points that the generated code
 * uses, so that an emitted executable or shared library needs only the C
 * library (libc, libm, libpthread). `nm -u` of an -O3 model shows:
 *
 *   __kmpc_global_thread_num(loc)                  -> a thread number
 *   __kmpc_fork_call(loc, argc, microtask, ...)    parallel region
 *   __kmpc_barrier(loc, gtid)                      the loop's closing barrier
 *   __kmpc_dispatch_init_8u / _next_8u             guided, dynamic
 *                                                  (--omp-schedule, default
 *                                                  guided), with the
 *                                                  nonmonotonic modifier bit
 *   __kmpc_for_static_init_8u / __kmpc_for_static_fini   --omp-schedule=static
 *
 * and, for the per-layer profile, resnet_threads_account(on) and
 * resnet_threads_busy_ns() (the threads' time in regions less their waits).
 *
 * The 4u variants, __kmpc_dispatch_fini_{4u,8u} and the static-chunked and
 * static schedules through the dispatch interface are here too (cheap, and
 * the IR builder emits them for other loop shapes); anything else (ordered
 * loops, runtime/auto schedules) aborts with a message.
 *
 * Semantics follow libomp (kmp_csupport.cpp, kmp_sched.cpp,
 * kmp_dispatch.cpp): bounds are inclusive; a microtask is
 * `void(int32_t *gtid, int32_t *btid, void *arg0, ...)` with argc pointer
 * arguments, called here through a switch over argc (as libomp's
 * __kmp_invoke_microtask does) with an exactly-typed function pointer;
 * static (34) splits the iterations in balanced blocks, static-chunked (33)
 * deals chunks round robin, dynamic (35) hands out one chunk per request,
 * guided (36) gives each thread of the pool its static block in shrinking
 * chunks and lets it steal from the others' blocks once its own is done
 * (guided_next); a team of one (or a count past 32 bits) takes
 * remaining/(2*threads) iterations per chunk, at least the chunk size.
 *
 * The pool: (threads - 1) workers created on first use; the calling thread
 * is thread 0 of the team. A fork publishes the region in one atomic word
 * (generation << 16 | team size); workers spin, then yield, then sleep on a
 * condition variable, so back-to-back layers start without a system call.
 * One region at a time uses the pool: a fork from a second application
 * thread while the pool is busy (two model contexts on two threads), and a
 * fork nested inside a region, run serially on the calling thread (a team
 * of one): never a deadlock. The gtid arguments are ignored; each thread
 * finds its team in thread-local storage.
 *
 * Thread count: resnet_set_num_threads(n) (main.c's --threads), else
 * $OMP_NUM_THREADS (its first number), else the CPUs this process may run
 * on (sched_getaffinity); at most RESNET_THREADS_MAX. The omp_* API names
 * are deliberately not defined, nor are any symbols exported from a shared
 * library (hidden visibility): a program that also uses libgomp or libomp
 * keeps its own runtime for its own code.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#pragma GCC visibility push(hidden)

#define RESNET_THREADS_MAX 1024
#define MAX_ARGS 16
/* Worksharing loops in flight per region without a barrier between them. */
#define NBUF 8
#define CACHE_LINE 64

/* Schedule kinds (kmp.h, enum sched_type). */
enum {
  SCH_STATIC_CHUNKED = 33,
  SCH_STATIC = 34,
  SCH_DYNAMIC_CHUNKED = 35,
  SCH_GUIDED_CHUNKED = 36,
  SCH_STATIC_GREEDY = 40,
  SCH_STATIC_BALANCED = 41,
  SCH_GUIDED_ITERATIVE = 42,
  SCH_GUIDED_ANALYTICAL = 43,
  SCH_GUIDED_SIMD = 46,
  SCH_MODIFIER_MONOTONIC = 1 << 29,
  SCH_MODIFIER_NONMONOTONIC = 1 << 30,
};

typedef struct ident ident_t; /* opaque source location; unused */
typedef void (*kmpc_micro)(int32_t *gtid, int32_t *btid, ...);

/* Shared state of one worksharing loop of a team. Loop k of a region uses
   buffer k % NBUF in generation k / NBUF; the last thread to finish the
   loop resets the buffer for the next generation. */
typedef struct {
  _Alignas(CACHE_LINE) _Atomic uint64_t next; /* iterations handed out */
  _Atomic int done;                           /* threads finished */
  _Atomic unsigned gen;
} dispatch_buf;

typedef struct {
  kmpc_micro fn;
  int argc;
  int nthreads;
  void *args[MAX_ARGS];
  _Alignas(CACHE_LINE) _Atomic int barrier_count;
  _Atomic int barrier_sense;
  dispatch_buf bufs[NBUF];
} team_t;

/* What a thread knows about the team it runs in. */
typedef struct {
  team_t *team;
  int tid;
  int barrier_sense;
  unsigned loops; /* worksharing loops begun in this region */
  /* the current dispatch loop */
  dispatch_buf *buf;
  unsigned gen;
  int kind;
  int finished;
  int nth;
  uint64_t lb, trip, chunk, static_next;
  int64_t st;
  int64_t waited_ns; /* at barriers, in this region (when accounting) */
} thread_state;

static _Thread_local thread_state self;

/* Busy time, for --profile: nanoseconds the threads spent in microtasks,
   less their waits at barriers, summed over threads. The profile reads it
   around each layer; off (no clock reads) unless it asks. */
static _Atomic int accounting;
static _Atomic int64_t busy_ns;

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

void resnet_threads_account(int on) {
  atomic_store_explicit(&accounting, on, memory_order_relaxed);
}

int64_t resnet_threads_busy_ns(void) {
  return atomic_load_explicit(&busy_ns, memory_order_relaxed);
}

/* Guided loops of the pool's team (see guided_next): what each thread's
   static block of loop k % NBUF has given out, iterations taken from its
   front by its owner (low 32 bits) and from its back by the others (high
   32 bits). Zero between loops: the thread that recycles a buffer clears
   them. */
typedef struct {
  _Alignas(CACHE_LINE) _Atomic uint64_t taken;
} steal_slot;
static steal_slot steal_slots[NBUF][RESNET_THREADS_MAX];

/* ----------------------------------------------------------------------- */
/* Errors, waiting                                                          */
/* ----------------------------------------------------------------------- */

__attribute__((noreturn)) static void fatal(const char *what, long value) {
  fprintf(stderr, "resnet threads: %s (%ld)\n", what, value);
  abort();
}

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

/* Spins (up to `spins` times), then yields the CPU, while *word ==
   value. */
static void wait_while_int(_Atomic int *word, int value, int spins) {
  for (int i = 0; atomic_load_explicit(word, memory_order_acquire) == value;
       ++i) {
    if (i < spins)
      cpu_relax();
    else
      sched_yield();
  }
}

/* ----------------------------------------------------------------------- */
/* Thread count                                                             */
/* ----------------------------------------------------------------------- */

static _Atomic int requested_threads; /* 0: not set yet */

static int default_threads(void) {
  const char *env = getenv("OMP_NUM_THREADS");
  if (env && *env) {
    char *end;
    long n = strtol(env, &end, 10);
    if (end != env && n > 0)
      return n > RESNET_THREADS_MAX ? RESNET_THREADS_MAX : (int)n;
  }
  cpu_set_t cpus;
  if (sched_getaffinity(0, sizeof cpus, &cpus) == 0) {
    int n = CPU_COUNT(&cpus);
    if (n > 0)
      return n > RESNET_THREADS_MAX ? RESNET_THREADS_MAX : n;
  }
  return 1;
}

/* The team size of the next parallel region; called by main.c through a
   weak reference (absent from models without threads). */
int resnet_get_max_threads(void) {
  int n = atomic_load_explicit(&requested_threads, memory_order_relaxed);
  if (n == 0) {
    n = default_threads();
    int expected = 0;
    if (!atomic_compare_exchange_strong(&requested_threads, &expected, n))
      n = expected;
  }
  return n;
}

void resnet_set_num_threads(int n) {
  if (n < 1)
    n = 1;
  if (n > RESNET_THREADS_MAX)
    n = RESNET_THREADS_MAX;
  atomic_store_explicit(&requested_threads, n, memory_order_relaxed);
}

/* ----------------------------------------------------------------------- */
/* The pool                                                                 */
/* ----------------------------------------------------------------------- */

static struct {
  pthread_mutex_t busy; /* held by the thread whose region uses the pool */
  pthread_mutex_t grow; /* worker creation */
  pthread_mutex_t sleep_lock;
  pthread_cond_t wake;
  int nworkers;
  pthread_t workers[RESNET_THREADS_MAX];
  struct worker_start {
    int tid;
    uint64_t signal; /* the last region published before it started */
  } start[RESNET_THREADS_MAX];
  team_t team;
  uint64_t generation;
  _Alignas(CACHE_LINE) _Atomic uint64_t signal; /* generation << 16 | size */
  _Alignas(CACHE_LINE) _Atomic int sleepers;
  _Alignas(CACHE_LINE) _Atomic int arrived; /* workers done with the region */
} pool = {
    .busy = PTHREAD_MUTEX_INITIALIZER,
    .grow = PTHREAD_MUTEX_INITIALIZER,
    .sleep_lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
};

/* Where each thread of the pool last started work or a wait (0: the
   thread that forks, 1..: the workers), and how long a wait spins. Two
   threads of a team can share one CPU (the scheduler placed them there,
   or the process may use fewer CPUs than threads): a thread spinning
   there for the other only delays it, by the whole spin, at every
   barrier and join. A thread about to wait on another that last ran on
   its CPU yields at once instead (bench/README "Threads that share a
   CPU"). */
enum { SPINS = 4096, SIGNAL_SPINS = 2048 };
static _Atomic int cpu_of[RESNET_THREADS_MAX];

/* Records where pool thread `tid` runs; returns the spins a wait of it
   for the pool's threads [0, threads) may take. */
static int spins_before_yield(int tid, int threads, int spins) {
  int cpu = sched_getcpu();
  atomic_store_explicit(&cpu_of[tid], cpu, memory_order_relaxed);
  if (cpu < 0)
    return spins;
  for (int t = 0; t < threads; ++t)
    if (t != tid &&
        atomic_load_explicit(&cpu_of[t], memory_order_relaxed) == cpu)
      return 0;
  return spins;
}

#define SIGNAL_SHUTDOWN UINT64_C(0xffff)

/* Calls `fn` with `argc` pointer arguments through an exactly typed
   function pointer. */
static void invoke(kmpc_micro fn, int32_t *gtid, int32_t *btid, int argc,
                   void **a) {
#define P void *
  switch (argc) {
  case 0: ((void (*)(int32_t *, int32_t *))fn)(gtid, btid); break;
  case 1: ((void (*)(int32_t *, int32_t *, P))fn)(gtid, btid, a[0]); break;
  case 2: ((void (*)(int32_t *, int32_t *, P, P))fn)(gtid, btid, a[0], a[1]);
    break;
  case 3:
    ((void (*)(int32_t *, int32_t *, P, P, P))fn)(gtid, btid, a[0], a[1],
                                                   a[2]);
    break;
  case 4:
    ((void (*)(int32_t *, int32_t *, P, P, P, P))fn)(gtid, btid, a[0], a[1],
                                                      a[2], a[3]);
    break;
  case 5:
    ((void (*)(int32_t *, int32_t *, P, P, P, P, P))fn)(gtid, btid, a[0], a[1],
                                                         a[2], a[3], a[4]);
    break;
  case 6:
    ((void (*)(int32_t *, int32_t *, P, P, P, P, P, P))fn)(
        gtid, btid, a[0], a[1], a[2], a[3], a[4], a[5]);
    break;
  case 7:
    ((void (*)(int32_t *, int32_t *, P, P, P, P, P, P, P))fn)(
        gtid, btid, a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
    break;
  case 8:
    ((void (*)(int32_t *, int32_t *, P, P, P, P, P, P, P, P))fn)(
        gtid, btid, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
    break;
  case 9:
    ((void (*)(int32_t *, int32_t *, P, P, P, P, P, P, P, P, P))fn)(
        gtid, btid, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]);
    break;
  case 10:
    ((void (*)(int32_t *, int32_t *, P, P, P, P, P, P, P, P, P, P))fn)(
        gtid, btid, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8],
        a[9]);
    break;
  case 11:
    ((void (*)(int32_t *, int32_t *, P, P, P, P, P, P, P, P, P, P, P))fn)(
        gtid, btid, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8],
        a[9], a[10]);
    break;
  case 12:
    ((void (*)(int32_t *, int32_t *, P, P, P, P, P, P, P, P, P, P, P, P))fn)(
        gtid, btid, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8],
        a[9], a[10], a[11]);
    break;
  case 13:
    ((void (*)(int32_t *, int32_t *, P, P, P, P, P, P, P, P, P, P, P, P,
               P))fn)(gtid, btid, a[0], a[1], a[2], a[3], a[4], a[5], a[6],
                      a[7], a[8], a[9], a[10], a[11], a[12]);
    break;
  case 14:
    ((void (*)(int32_t *, int32_t *, P, P, P, P, P, P, P, P, P, P, P, P, P,
               P))fn)(gtid, btid, a[0], a[1], a[2], a[3], a[4], a[5], a[6],
                      a[7], a[8], a[9], a[10], a[11], a[12], a[13]);
    break;
  case 15:
    ((void (*)(int32_t *, int32_t *, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
               P))fn)(gtid, btid, a[0], a[1], a[2], a[3], a[4], a[5], a[6],
                      a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14]);
    break;
  case 16:
    ((void (*)(int32_t *, int32_t *, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
               P, P))fn)(gtid, btid, a[0], a[1], a[2], a[3], a[4], a[5], a[6],
                         a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14],
                         a[15]);
    break;
  default:
    fatal("__kmpc_fork_call: too many microtask arguments", argc);
  }
#undef P
}

/* Runs the team's microtask as thread `tid`, with the thread state of a
   team member; restores the caller's state (a nested region) after. */
static void run_member(team_t *team, int tid) {
  thread_state saved = self;
  memset(&self, 0, sizeof self);
  self.team = team;
  self.tid = tid;
  int32_t gtid = tid, btid = tid;
  if (team == &pool.team)
    atomic_store_explicit(&cpu_of[tid], sched_getcpu(), memory_order_relaxed);
  /* A region nested in another is counted in the outer one's time. */
  int64_t began =
      !saved.team && atomic_load_explicit(&accounting, memory_order_relaxed)
          ? now_ns()
          : 0;
  invoke(team->fn, &gtid, &btid, team->argc, team->args);
  /* Added before the worker reports its arrival (a release): the join's
     acquire makes it visible to the thread that reads it next. */
  if (began)
    atomic_fetch_add_explicit(&busy_ns, now_ns() - began - self.waited_ns,
                              memory_order_relaxed);
  self = saved;
}

static void reset_team(team_t *team, int nthreads) {
  team->nthreads = nthreads;
  atomic_store_explicit(&team->barrier_count, 0, memory_order_relaxed);
  atomic_store_explicit(&team->barrier_sense, 0, memory_order_relaxed);
  for (int i = 0; i < NBUF; ++i) {
    atomic_store_explicit(&team->bufs[i].next, 0, memory_order_relaxed);
    atomic_store_explicit(&team->bufs[i].done, 0, memory_order_relaxed);
    atomic_store_explicit(&team->bufs[i].gen, 0, memory_order_relaxed);
  }
}

/* Waits for a signal other than `seen`: spin, yield for about 2 ms, then
   sleep. */
static uint64_t wait_for_signal(int tid, uint64_t seen) {
  uint64_t s;
  /* The region comes from thread 0. */
  int spins = spins_before_yield(tid, 1, SIGNAL_SPINS);
  for (int i = 0; i < spins; ++i) {
    if ((s = atomic_load_explicit(&pool.signal, memory_order_acquire)) != seen)
      return s;
    cpu_relax();
  }
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (int i = 1;; ++i) {
    if ((s = atomic_load_explicit(&pool.signal, memory_order_acquire)) != seen)
      return s;
    sched_yield();
    if (i % 16 == 0) {
      clock_gettime(CLOCK_MONOTONIC, &now);
      if ((now.tv_sec - start.tv_sec) * 1000000000L +
              (now.tv_nsec - start.tv_nsec) >
          2000000L)
        break;
    }
  }
  pthread_mutex_lock(&pool.sleep_lock);
  atomic_fetch_add(&pool.sleepers, 1); /* seq_cst: pairs with fork's load */
  while ((s = atomic_load(&pool.signal)) == seen)
    pthread_cond_wait(&pool.wake, &pool.sleep_lock);
  atomic_fetch_sub(&pool.sleepers, 1);
  pthread_mutex_unlock(&pool.sleep_lock);
  return s;
}

static void *worker_main(void *arg) {
  const struct worker_start *start = arg;
  int tid = start->tid;
  uint64_t seen = start->signal;
  for (;;) {
    seen = wait_for_signal(tid, seen);
    if ((seen & 0xffff) == SIGNAL_SHUTDOWN)
      return NULL;
    if (tid < (int)(seen & 0xffff)) {
      run_member(&pool.team, tid);
      atomic_fetch_add_explicit(&pool.arrived, 1, memory_order_release);
    }
  }
}

/* Makes sure `n` workers exist; returns how many do. Called holding busy. */
static int grow_pool(int n) {
  pthread_mutex_lock(&pool.grow);
  while (pool.nworkers < n) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    /* Workers run the microtasks: as much stack as the main thread. */
    size_t stack = 8u << 20;
    pthread_attr_setstacksize(&attr, stack);
    /* A worker waits for the regions after the current one: the caller
       publishes its region after this returns. */
    struct worker_start *start = &pool.start[pool.nworkers];
    start->tid = pool.nworkers + 1;
    start->signal = atomic_load(&pool.signal);
    int rc = pthread_create(&pool.workers[pool.nworkers], &attr, worker_main,
                            start);
    pthread_attr_destroy(&attr);
    if (rc != 0)
      break; /* fewer threads than asked; still correct */
    ++pool.nworkers;
  }
  int have = pool.nworkers;
  pthread_mutex_unlock(&pool.grow);
  return have;
}

/* Stops the workers when the library is unloaded (dlclose) or the program
   exits, if no region is running. */
__attribute__((destructor)) static void stop_pool(void) {
  if (pool.nworkers == 0 || pthread_mutex_trylock(&pool.busy) != 0)
    return;
  atomic_store(&pool.signal, ((pool.generation + 1) << 16) | SIGNAL_SHUTDOWN);
  pthread_mutex_lock(&pool.sleep_lock);
  pthread_cond_broadcast(&pool.wake);
  pthread_mutex_unlock(&pool.sleep_lock);
  for (int i = 0; i < pool.nworkers; ++i)
    pthread_join(pool.workers[i], NULL);
  pool.nworkers = 0;
  pthread_mutex_unlock(&pool.busy);
}

/* ----------------------------------------------------------------------- */
/* Parallel regions                                                         */
/* ----------------------------------------------------------------------- */

int32_t __kmpc_global_thread_num(ident_t *loc) {
  (void)loc;
  return self.tid;
}

static void fork_serial(int argc, kmpc_micro fn, void **args) {
  team_t team;
  team.fn = fn;
  team.argc = argc;
  memcpy(team.args, args, sizeof(void *) * (size_t)argc);
  reset_team(&team, 1);
  run_member(&team, 0);
}

void __kmpc_fork_call(ident_t *loc, int32_t argc, kmpc_micro fn, ...) {
  (void)loc;
  if (argc < 0 || argc > MAX_ARGS)
    fatal("__kmpc_fork_call: unsupported number of microtask arguments "
          "(at most 16)",
          argc);
  void *args[MAX_ARGS];
  va_list ap;
  va_start(ap, fn);
  for (int i = 0; i < argc; ++i)
    args[i] = va_arg(ap, void *);
  va_end(ap);

  int nthreads = resnet_get_max_threads();
  /* Nested, single-threaded, or the pool is busy with another
     application thread's region: this thread alone. */
  if (self.team || nthreads <= 1 || pthread_mutex_trylock(&pool.busy) != 0) {
    fork_serial(argc, fn, args);
    return;
  }
  int workers = grow_pool(nthreads - 1);
  if (workers < nthreads - 1)
    nthreads = workers + 1;
  if (nthreads <= 1) {
    pthread_mutex_unlock(&pool.busy);
    fork_serial(argc, fn, args);
    return;
  }
  team_t *team = &pool.team;
  team->fn = fn;
  team->argc = argc;
  memcpy(team->args, args, sizeof(void *) * (size_t)argc);
  reset_team(team, nthreads);
  atomic_store_explicit(&pool.arrived, 0, memory_order_relaxed);
  /* Publish (release), then wake sleepers: the seq_cst store and load pair
     with the sleeper's increment and re-check in wait_for_signal. */
  ++pool.generation;
  atomic_store(&pool.signal,
               ((pool.generation & (UINT64_MAX >> 16)) << 16) |
                   (uint64_t)nthreads);
  if (atomic_load(&pool.sleepers) > 0) {
    pthread_mutex_lock(&pool.sleep_lock);
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.sleep_lock);
  }
  run_member(team, 0);
  /* Join: every worker of the team has returned from the microtask. */
  int spins = spins_before_yield(0, nthreads, SPINS);
  for (int i = 0; atomic_load_explicit(&pool.arrived, memory_order_acquire) !=
                  nthreads - 1;
       ++i) {
    if (i < spins)
      cpu_relax();
    else
      sched_yield();
  }
  pthread_mutex_unlock(&pool.busy);
}

/* A construct outside of any parallel region runs on a team of one. */
static team_t *current_team(void) {
  static _Thread_local team_t implicit;
  if (self.team)
    return self.team;
  if (implicit.nthreads == 0)
    reset_team(&implicit, 1);
  return &implicit;
}

void __kmpc_barrier(ident_t *loc, int32_t gtid) {
  (void)loc;
  (void)gtid;
  team_t *team = self.team;
  if (!team || team->nthreads <= 1)
    return;
  /* Sense-reversing: the last thread to arrive flips the team's sense. */
  int sense = !self.barrier_sense;
  self.barrier_sense = sense;
  if (atomic_fetch_add_explicit(&team->barrier_count, 1,
                                memory_order_acq_rel) == team->nthreads - 1) {
    atomic_store_explicit(&team->barrier_count, 0, memory_order_relaxed);
    atomic_store_explicit(&team->barrier_sense, sense, memory_order_release);
  } else {
    int64_t waiting =
        atomic_load_explicit(&accounting, memory_order_relaxed) ? now_ns()
                                                                : 0;
    wait_while_int(&team->barrier_sense, !sense,
                   spins_before_yield(self.tid, team->nthreads, SPINS));
    if (waiting)
      self.waited_ns += now_ns() - waiting;
  }
}

/* ----------------------------------------------------------------------- */
/* Worksharing loops                                                        */
/* ----------------------------------------------------------------------- */

/* Iterations of lb..ub (inclusive) by st; 0 when empty. */
static uint64_t trip_count(uint64_t lb, uint64_t ub, int64_t st) {
  if (st == 0)
    fatal("worksharing loop with a zero increment", 0);
  if (st > 0)
    return ub < lb ? 0 : (ub - lb) / (uint64_t)st + 1;
  return lb < ub ? 0 : (lb - ub) / (uint64_t)(-st) + 1;
}

/* The schedule without its monotonic/nonmonotonic modifier, mapped onto
   the four this runtime implements. */
static int base_schedule(int32_t schedule) {
  int kind = schedule & ~(SCH_MODIFIER_MONOTONIC | SCH_MODIFIER_NONMONOTONIC);
  switch (kind) {
  case SCH_STATIC_CHUNKED:
  case SCH_DYNAMIC_CHUNKED:
  case SCH_GUIDED_CHUNKED:
  case SCH_STATIC:
    return kind;
  case SCH_STATIC_GREEDY:
  case SCH_STATIC_BALANCED:
    return SCH_STATIC;
  case SCH_GUIDED_ITERATIVE:
  case SCH_GUIDED_ANALYTICAL:
  case SCH_GUIDED_SIMD:
    return SCH_GUIDED_CHUNKED;
  default:
    fatal("unsupported OpenMP loop schedule", schedule);
  }
}

/* Thread `tid`'s block of a static schedule over `trip` iterations, in
   balanced blocks; a guided loop starts each thread on the same block. */
static void static_block(uint64_t trip, uint64_t nth, uint64_t tid,
                         uint64_t *begin, uint64_t *length) {
  uint64_t small = trip / nth, extras = trip % nth;
  *begin = tid * small + (tid < extras ? tid : extras);
  *length = small + (tid < extras ? 1 : 0);
}

static void static_init(int32_t schedule, int32_t *plast, uint64_t *plower,
                        uint64_t *pupper, int64_t *pstride, int64_t incr,
                        int64_t chunk) {
  team_t *team = self.team;
  uint64_t nth = team ? (uint64_t)team->nthreads : 1;
  uint64_t tid = (uint64_t)self.tid;
  uint64_t trip = trip_count(*plower, *pupper, incr);
  int kind = base_schedule(schedule);
  if (trip == 0) {
    if (plast)
      *plast = 0;
    *pupper = *plower - (uint64_t)incr; /* upper - lower == -incr: empty */
    *pstride = incr;
    return;
  }
  if (nth == 1) {
    if (plast)
      *plast = 1;
    *pstride = incr > 0 ? (int64_t)(*pupper - *plower + 1)
                        : -(int64_t)(*plower - *pupper + 1);
    return;
  }
  if (kind == SCH_STATIC_CHUNKED) {
    if (chunk < 1)
      chunk = 1;
    int64_t span = chunk * incr;
    *pstride = span * (int64_t)nth;
    *plower += (uint64_t)span * tid;
    *pupper = *plower + (uint64_t)span - (uint64_t)incr;
    if (plast)
      *plast = tid == ((trip - 1) / (uint64_t)chunk) % nth;
    return;
  }
  if (kind != SCH_STATIC)
    fatal("__kmpc_for_static_init: not a static schedule", schedule);
  if (trip < nth) {
    if (tid < trip)
      *pupper = *plower = *plower + tid * (uint64_t)incr;
    else
      *plower = *pupper + (uint64_t)incr;
    if (plast)
      *plast = tid == trip - 1;
  } else {
    uint64_t begin, length;
    static_block(trip, nth, tid, &begin, &length);
    *plower += (uint64_t)incr * begin;
    *pupper = *plower + (length - 1) * (uint64_t)incr;
    if (plast)
      *plast = tid == nth - 1;
  }
  *pstride = (int64_t)trip;
}

void __kmpc_for_static_init_8u(ident_t *loc, int32_t gtid, int32_t schedule,
                               int32_t *plast, uint64_t *plower,
                               uint64_t *pupper, int64_t *pstride,
                               int64_t incr, int64_t chunk) {
  (void)loc;
  (void)gtid;
  static_init(schedule, plast, plower, pupper, pstride, incr, chunk);
}

void __kmpc_for_static_init_4u(ident_t *loc, int32_t gtid, int32_t schedule,
                               int32_t *plast, uint32_t *plower,
                               uint32_t *pupper, int32_t *pstride,
                               int32_t incr, int32_t chunk) {
  (void)loc;
  (void)gtid;
  uint64_t lower = *plower, upper = *pupper;
  int64_t stride = *pstride;
  static_init(schedule, plast, &lower, &upper, &stride, incr, chunk);
  *plower = (uint32_t)lower;
  *pupper = (uint32_t)upper;
  *pstride = (int32_t)stride;
}

void __kmpc_for_static_fini(ident_t *loc, int32_t gtid) {
  (void)loc;
  (void)gtid;
}

static void dispatch_init(int32_t schedule, uint64_t lb, uint64_t ub,
                          int64_t st, int64_t chunk) {
  team_t *team = current_team();
  unsigned k = self.loops++;
  dispatch_buf *buf = &team->bufs[k % NBUF];
  unsigned gen = k / NBUF;
  /* A buffer still used by the loop NBUF loops back (no barrier between
     them): wait until its last thread has finished it. */
  while (atomic_load_explicit(&buf->gen, memory_order_acquire) != gen)
    sched_yield();
  self.buf = buf;
  self.gen = gen;
  self.kind = base_schedule(schedule);
  self.finished = 0;
  self.nth = team->nthreads;
  self.lb = lb;
  self.st = st;
  self.trip = trip_count(lb, ub, st);
  self.chunk = chunk < 1 ? 1 : (uint64_t)chunk;
  self.static_next = 0;
}

/* Marks this thread done with the loop; the last one recycles the buffer. */
static void dispatch_finish(void) {
  if (self.finished)
    return;
  self.finished = 1;
  dispatch_buf *buf = self.buf;
  if (atomic_fetch_add_explicit(&buf->done, 1, memory_order_acq_rel) + 1 ==
      self.nth) {
    atomic_store_explicit(&buf->next, 0, memory_order_relaxed);
    atomic_store_explicit(&buf->done, 0, memory_order_relaxed);
    if (self.team == &pool.team)
      for (int t = 0; t < self.nth; ++t)
        atomic_store_explicit(&steal_slots[buf - self.team->bufs][t].taken,
                              0, memory_order_relaxed);
    atomic_store_explicit(&buf->gen, self.gen + 1, memory_order_release);
  }
}

/* A guided loop of the pool's team, as static blocks with stealing: each
   thread first works through its own static block, from the front, in
   chunks of half what is left of it (at least the chunk size); once that
   is done it takes half of what is left of another thread's block, from
   the back. Consecutive layers that split the same dimension then give a
   thread the tiles whose inputs it wrote itself, which stay in its cache
   (a shared counter deals them out in arrival order), while a thread that
   starts late, or is slowed, still loses its work to the others. Sets
   [*first, *end) (empty when the loop is done); returns 0 where this
   scheme does not apply (a team of one, or counts past 32 bits), for the
   shared counter to deal the loop. */
static int guided_next(uint64_t *first, uint64_t *end) {
  uint64_t trip = self.trip, nth = (uint64_t)self.nth;
  if (self.team != &pool.team || nth < 2 || trip > UINT32_MAX)
    return 0;
  steal_slot *slots = steal_slots[self.buf - self.team->bufs];
  uint64_t tid = (uint64_t)self.tid;
  for (uint64_t i = 0; i < nth; ++i) {
    uint64_t victim = (tid + i) % nth, begin, length;
    static_block(trip, nth, victim, &begin, &length);
    _Atomic uint64_t *taken = &slots[victim].taken;
    uint64_t seen = atomic_load_explicit(taken, memory_order_relaxed);
    for (;;) {
      uint64_t front = seen & UINT32_MAX, back = seen >> 32;
      if (front + back >= length)
        break;
      uint64_t left = length - front - back;
      uint64_t size = (left + 1) / 2;
      if (victim == tid && size < self.chunk)
        size = self.chunk < left ? self.chunk : left;
      uint64_t want = victim == tid ? seen + size : seen + (size << 32);
      if (atomic_compare_exchange_weak_explicit(taken, &seen, want,
                                                memory_order_relaxed,
                                                memory_order_relaxed)) {
        *first = victim == tid ? begin + front : begin + length - back - size;
        *end = *first + size;
        return 1;
      }
    }
  }
  *first = *end = trip;
  return 1;
}

/* The next chunk [*first, *end) of iterations; 0 when none is left. */
static int dispatch_next(uint64_t *first, uint64_t *end) {
  if (self.finished || !self.buf)
    return 0;
  uint64_t trip = self.trip, chunk = self.chunk;
  uint64_t nth = (uint64_t)self.nth, tid = (uint64_t)self.tid;
  uint64_t a = trip, b = trip;
  switch (self.kind) {
  case SCH_STATIC: /* one balanced block per thread */
    if (self.static_next == 0) {
      uint64_t length;
      static_block(trip, nth, tid, &a, &length);
      b = a + length;
      self.static_next = 1;
    }
    break;
  case SCH_STATIC_CHUNKED: { /* chunks tid, tid + nth, ... */
    uint64_t index = tid + self.static_next * nth;
    if (index < (trip + chunk - 1) / chunk) {
      a = index * chunk;
      b = a + chunk < trip ? a + chunk : trip;
      ++self.static_next;
    }
    break;
  }
  case SCH_DYNAMIC_CHUNKED:
    a = atomic_fetch_add_explicit(&self.buf->next, chunk,
                                  memory_order_relaxed);
    if (a < trip)
      b = a + chunk < trip ? a + chunk : trip;
    break;
  case SCH_GUIDED_CHUNKED: {
    if (guided_next(&a, &b))
      break;
    uint64_t next =
        atomic_load_explicit(&self.buf->next, memory_order_relaxed);
    for (;;) {
      if (next >= trip) {
        a = trip;
        break;
      }
      uint64_t remaining = trip - next;
      uint64_t size = remaining / (2 * nth);
      if (size < chunk)
        size = chunk;
      if (size > remaining)
        size = remaining;
      if (atomic_compare_exchange_weak_explicit(&self.buf->next, &next,
                                                next + size,
                                                memory_order_relaxed,
                                                memory_order_relaxed)) {
        a = next;
        b = next + size;
        break;
      }
    }
    break;
  }
  }
  if (a >= b) {
    dispatch_finish();
    return 0;
  }
  *first = a;
  *end = b;
  return 1;
}

/* The next chunk of the calling thread as inclusive loop bounds (the
 * dispatch ABI's form), and whether it holds the last iteration. */
static int next_chunk_bounds(int32_t *plast, uint64_t *lower,
                             uint64_t *upper) {
  uint64_t a, b;
  if (!dispatch_next(&a, &b))
    return 0;
  *lower = self.lb + a * (uint64_t)self.st;
  *upper = self.lb + (b - 1) * (uint64_t)self.st;
  if (plast)
    *plast = b == self.trip;
  return 1;
}

void __kmpc_dispatch_init_8u(ident_t *loc, int32_t gtid, int32_t schedule,
                             uint64_t lb, uint64_t ub, int64_t st,
                             int64_t chunk) {
  (void)loc;
  (void)gtid;
  dispatch_init(schedule, lb, ub, st, chunk);
}

int32_t __kmpc_dispatch_next_8u(ident_t *loc, int32_t gtid, int32_t *plast,
                                uint64_t *plower, uint64_t *pupper,
                                int64_t *pstride) {
  (void)loc;
  (void)gtid;
  if (!next_chunk_bounds(plast, plower, pupper))
    return 0;
  *pstride = self.st;
  return 1;
}

void __kmpc_dispatch_init_4u(ident_t *loc, int32_t gtid, int32_t schedule,
                             uint32_t lb, uint32_t ub, int32_t st,
                             int32_t chunk) {
  (void)loc;
  (void)gtid;
  /* Zero-extended bounds have the same trip count. */
  dispatch_init(schedule, lb, ub, st, chunk);
}

int32_t __kmpc_dispatch_next_4u(ident_t *loc, int32_t gtid, int32_t *plast,
                                uint32_t *plower, uint32_t *pupper,
                                int32_t *pstride) {
  (void)loc;
  (void)gtid;
  uint64_t lower, upper;
  if (!next_chunk_bounds(plast, &lower, &upper))
    return 0;
  *plower = (uint32_t)lower;
  *pupper = (uint32_t)upper;
  *pstride = (int32_t)self.st;
  return 1;
}

/* Only ordered loops call these in libomp; nothing to do here. */
void __kmpc_dispatch_fini_8u(ident_t *loc, int32_t gtid) {
  (void)loc;
  (void)gtid;
}

void __kmpc_dispatch_fini_4u(ident_t *loc, int32_t gtid) {
  (void)loc;
  (void)gtid;
}

#pragma GCC visibility pop
