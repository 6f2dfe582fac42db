// `sitrep serve --db FILE [--port N]`: the HTTP API and the web app, on
// 127.0.0.1 unless told otherwise, until interrupted (Ctrl-C, SIGTERM).
#include <fmt/format.h>
#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <thread>

#include "cli/commands.h"
#include "cli/output.h"
#include "serve/server.h"

namespace sitrep::cli {

namespace {

// The web app built beside the executable (build/web), if any.
std::string default_web_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  auto dir = exe.parent_path() / "web";
  return std::filesystem::is_regular_file(dir / "index.html", ec) ? dir.string() : std::string();
}

}  // namespace

Runner add_serve_command(CLI::App& app) {
  auto o = std::make_shared<serve::Options>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the HTTP API and the web app over a database");
  cmd->add_option("--db", o->db, "The database file (made by `sitrep ingest`)")->required();
  cmd->add_option("--port", o->port, "TCP port (0: any free port)")->capture_default_str();
  cmd->add_option("--host", o->host, "Address to listen on (another than 127.0.0.1 opens it to the network)")
      ->capture_default_str();
  cmd->add_option("--token", o->token,
                  "Token POST /api/documents requires (default: $SITREP_TOKEN, else a random one, printed)");
  cmd->add_option("--web", o->web_dir, "The built web app (default: web/ beside the executable)");
  cmd->add_option("--threads", o->threads, "Worker threads")->capture_default_str()->check(CLI::Range(1, 256));
  cmd->add_flag("--access-log", o->access_log, "One line per request on standard error");

  return [o]() {
    if (o->token.empty())
      if (const char* t = std::getenv("SITREP_TOKEN")) o->token = t;
    if (o->web_dir.empty()) o->web_dir = default_web_dir();
    // Signals are taken by a waiting thread, not a handler: stop() is not
    // safe in a signal handler.
    // A shell starts background jobs with SIGINT ignored, and an ignored
    // signal is dropped even while blocked: take the default back first.
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    // Answers are often 100 KB or more. glibc maps blocks that large
    // afresh from the kernel each time (and unmaps them after), so every
    // answer paid page faults; kept on the heap they are reused.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    auto server = serve::Server::create(*o);
    if (!server) {
      report_error("serve", server.status());
      return 2;
    }
    int port = (*server)->bind();
    if (port < 0) {
      fmt::print(stderr, "sitrep: serve: {}\n", (*server)->why());
      return 2;
    }
    fmt::print("sitrep: serving {} at http://{}:{}/\n", o->db, o->host, port);
    fmt::print("sitrep: POST /api/documents needs the header `Authorization: Bearer {}`\n", (*server)->token());
    if (o->web_dir.empty()) fmt::print("sitrep: no web app found (run `make`); serving the API only\n");
    std::fflush(stdout);
    std::thread waiter([&] {
      int sig = 0;
      sigwait(&stop_signals, &sig);
      (*server)->stop();
    });
    bool ok = (*server)->run();
    if (!ok) fmt::print(stderr, "sitrep: serve: the server stopped with an error\n");
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return ok ? 0 : 2;
  };
}

}  // namespace sitrep::cli
