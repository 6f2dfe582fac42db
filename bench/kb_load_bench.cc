// Knowledge-base load time: what a process pays before extraction can run.
//
//   BM_KbLoadPlaces  PlaceKb::get(): countries, subdivisions, the GeoNames
//                    cities and the matcher over their 198,000 names
//                    (which is also the index candidates() looks names up in)
//   BM_KbLoadWhole   everything extraction uses: the above, then the groups,
//                    the lexicons and every compiled matcher (what
//                    `sitrep eval kb-places` reports as "whole KB")
//
// The knowledge base is built once per process, so each iteration forks a
// child that builds it from nothing and reports the time (and its CPU time,
// counter cpu_ms, and the resident memory it added, rss_MB); the parent
// records that time. The parent
// must not have loaded the knowledge base itself, which other benchmarks of
// this binary do (BM_CorpusExtract*), so run these on their own:
//
//   build/sitrep_bench --benchmark_filter=KbLoad --benchmark_repetitions=5
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

#include "analyze/analysis.h"
#include "kb/places.h"

namespace {

double resident_mb() {
  std::ifstream in("/proc/self/statm");
  long pages = 0, resident = 0;
  in >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1e6;
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return sec(u.ru_utime) + sec(u.ru_stime);
}

struct Sample {
  double seconds = 0;  // wall
  double cpu = 0;      // user + system, page faults included
  double mb = 0;
};

// Runs load() in a forked child: its wall and CPU time and the memory it added.
template <class Load>
bool load_in_child(Load&& load, Sample& out) {
  int fds[2];
  if (pipe(fds) != 0) return false;
  const pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    close(fds[0]);
    const double before = resident_mb();
    const double cpu0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    load();
    Sample s;
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    s.cpu = cpu_seconds() - cpu0;
    s.mb = resident_mb() - before;
    const bool ok = write(fds[1], &s, sizeof s) == static_cast<ssize_t>(sizeof s);
    _exit(ok ? 0 : 1);
  }
  close(fds[1]);
  const bool ok = read(fds[0], &out, sizeof out) == static_cast<ssize_t>(sizeof out);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

template <class Load>
void bench_load(benchmark::State& state, Load&& load) {
  double mb = 0, cpu = 0;
  for (auto _ : state) {
    Sample s;
    if (!load_in_child(load, s)) {
      state.SkipWithError("the child process failed");
      return;
    }
    // Loading adds tens of megabytes; a child that adds almost nothing found
    // the knowledge base already loaded by this process.
    if (s.mb < 5) {
      state.SkipWithError("the knowledge base was already loaded in this process: "
                          "run with --benchmark_filter=KbLoad");
      return;
    }
    state.SetIterationTime(s.seconds);
    mb = s.mb;
    cpu += s.cpu;
  }
  state.counters["rss_MB"] = mb;
  // CPU time is steadier than wall time on a busy machine.
  state.counters["cpu_ms"] = benchmark::Counter(cpu * 1e3, benchmark::Counter::kAvgIterations);
}

void BM_KbLoadPlaces(benchmark::State& state) {
  bench_load(state, [] { benchmark::DoNotOptimize(&sitrep::kb::PlaceKb::get()); });
}
BENCHMARK(BM_KbLoadPlaces)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_KbLoadWhole(benchmark::State& state) {
  bench_load(state, [] {
    benchmark::DoNotOptimize(&sitrep::kb::PlaceKb::get());
    // Analysing an empty text builds every matcher, as eval kb-places does.
    sitrep::analyze::Analysis a = sitrep::analyze::analyze("", "");
    benchmark::DoNotOptimize(a);
  });
}
BENCHMARK(BM_KbLoadWhole)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
