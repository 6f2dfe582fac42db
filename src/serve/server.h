// Serve: the HTTP API of SPEC section 4 and the web app, over one store.
//
//   sitrep::serve::Options o;
//   o.db = "incidents.db";
//   auto server = sitrep::serve::Server::create(o);
//   int port = (*server)->bind();        // o.port, or any free port when 0
//   (*server)->run();                    // until stop() from another thread
//
// Each worker thread reads through its own SQLite connection (WAL: readers
// never wait for an ingest running beside); POST /api/documents writes
// through one connection under a lock. Requests are bounded: body size,
// socket read and write times, and the time a query may run.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "sitrep/status.h"

namespace sitrep::serve {

// Two workers per core, at least four: requests are short (queries stop
// after `query_time`), so more threads only add waiting.
size_t default_threads();

struct Options {
  std::string db;                  // the database file; it must exist
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0: any free port
  std::string token;               // for POST /api/documents; empty: a random one
  std::string web_dir;             // the built web app; empty or missing: API only
  size_t threads = default_threads();  // two per core, at least four
  size_t max_body_bytes = 8u << 20;
  size_t max_documents = 1000;     // per POST
  std::chrono::milliseconds query_time{3000};
  std::chrono::seconds io_timeout{10};
  bool access_log = false;         // one line per request on standard error
};

class Server {
 public:
  // Checks that the database opens (and has this sitrep's schema).
  static Result<std::unique_ptr<Server>> create(Options options);
  ~Server();

  // Binds the listening socket; returns the port, or -1 (with why()).
  int bind();
  // Serves until stop(); returns false when the server could not run.
  bool run();
  // Stops run() (from another thread; safe to call more than once).
  void stop();

  const std::string& token() const;
  const std::string& why() const;

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A random 128-bit token, 32 hexadecimal digits.
std::string random_token();

}  // namespace sitrep::serve
