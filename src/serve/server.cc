#include "serve/server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <vector>

#include "serve/api.h"
#include "sitrep/sitrep.h"

namespace sitrep::serve {

namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kJson = "application/json; charset=utf-8";

// Headers on every answer: nothing the app shows may run as script or load
// from elsewhere, and nothing is sniffed into another type.
void secure(httplib::Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; "
                 "base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
}

void send_json(httplib::Response& res, std::string body, int status = 200) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(body), kJson);
}

void send_error(httplib::Response& res, const Status& s) { send_json(res, error_json(s), http_status(s)); }

template <typename T>
bool failed(httplib::Response& res, const Result<T>& r) {
  if (r.ok()) return false;
  send_error(res, r.status());
  return true;
}

// Compares without an early exit, so the time taken does not tell how much
// of a guessed token was right.
bool same_secret(std::string_view a, std::string_view b) {
  unsigned diff = unsigned(a.size() ^ b.size());
  for (size_t i = 0; i < a.size(); ++i) diff |= unsigned(uint8_t(a[i]) ^ uint8_t(i < b.size() ? b[i] : 0));
  return diff == 0;
}

}  // namespace

size_t default_threads() { return std::max<size_t>(4, 2 * std::thread::hardware_concurrency()); }

std::string random_token() {
  std::random_device rd;
  std::string out;
  for (int i = 0; i < 4; ++i) out += fmt::format("{:08x}", uint32_t(rd()));
  return out;
}

struct Server::Impl {
  Options o;
  httplib::Server http;
  std::string why;
  // run() and stop() in either order: httplib's stop() does nothing before
  // its loop runs, so a stop asked for early is remembered.
  std::mutex run_mu;
  bool stop_asked = false, started = false;
  std::atomic<bool> finished{false};

  // Read connections, one per worker at a time.
  std::mutex pool_mu;
  std::vector<std::unique_ptr<store::Store>> pool;
  // The one write connection (POST /api/documents).
  std::mutex write_mu;
  std::unique_ptr<store::Store> writer;

  // A read connection for one request, returned to the pool after it.
  class Lease {
   public:
    Lease(Impl& im, std::unique_ptr<store::Store> s) : im_(im), s_(std::move(s)) {}
    ~Lease() {
      if (!s_) return;
      s_->set_deadline({});
      std::lock_guard lock(im_.pool_mu);
      im_.pool.push_back(std::move(s_));
    }
    store::Store* operator->() { return s_.get(); }
    explicit operator bool() const { return bool(s_); }

   private:
    Impl& im_;
    std::unique_ptr<store::Store> s_;
  };

  Result<std::unique_ptr<store::Store>> connect() {
    {
      std::lock_guard lock(pool_mu);
      if (!pool.empty()) {
        auto s = std::move(pool.back());
        pool.pop_back();
        return s;
      }
    }
    return store::Store::open(o.db, false);
  }

  // Runs `fn(store)` with a read connection and the query deadline.
  template <typename Fn>
  void read(httplib::Response& res, Fn&& fn) {
    auto s = connect();
    if (failed(res, s)) return;
    Lease lease(*this, std::move(*s));
    lease->set_deadline(Clock::now() + o.query_time);
    fn(lease);
  }

  void routes();
  void ingest(const httplib::Request& req, httplib::Response& res);
};

void Server::Impl::routes() {
  Limits page;
  http.Get("/api/events", [this, page](const httplib::Request& req, httplib::Response& res) {
    auto q = query_of(req.params, page);
    if (failed(res, q)) return;
    read(res, [&](Lease& db) {
      auto p = db->events(*q);
      if (failed(res, p)) return;
      std::string head = fmt::format("{{\"total\":{},\"limit\":{},\"offset\":{},\"items\":[", p->total,
                                     q->limit, q->offset);
      size_t size = head.size() + p->items.size() + 2;
      for (const std::string& item : p->items) size += item.size();
      std::string body;
      body.reserve(size);  // one allocation: pages are 100 KB and more
      body += head;
      for (size_t i = 0; i < p->items.size(); ++i) (body += i ? "," : "") += p->items[i];
      body += "]}";
      send_json(res, std::move(body));
    });
  });
  http.Get(R"(/api/events/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
    read(res, [&](Lease& db) {
      auto r = db->incident(req.matches[1]);
      if (!failed(res, r)) send_json(res, *r);
    });
  });
  http.Get("/api/points", [this](const httplib::Request& req, httplib::Response& res) {
    Limits lim{2000, 20000, 0};
    auto q = query_of(req.params, lim);
    if (failed(res, q)) return;
    read(res, [&](Lease& db) {
      auto r = db->points(*q);
      if (!failed(res, r)) send_json(res, *r);
    });
  });
  http.Get("/api/stats/timeline", [this](const httplib::Request& req, httplib::Response& res) {
    httplib::Params params = req.params;
    std::string by = req.has_param("by") ? req.get_param_value("by") : "month";
    params.erase("by");
    auto q = query_of(params);
    if (failed(res, q)) return;
    read(res, [&](Lease& db) {
      auto r = db->timeline(*q, by);
      if (!failed(res, r)) send_json(res, *r);
    });
  });
  http.Get("/api/stats", [this](const httplib::Request&, httplib::Response& res) {
    read(res, [&](Lease& db) {
      auto s = db->summary();
      if (failed(res, s)) return;
      nlohmann::ordered_json j{{"documents", s->documents},
                               {"duplicates", s->duplicates},
                               {"stories", s->stories},
                               {"similar_pairs", s->similar_pairs},
                               {"events", s->events},
                               {"incidents", s->incidents},
                               {"fused", s->fused},
                               {"version", kVersion}};
      send_json(res, j.dump());
    });
  });
  http.Get("/api/groups", [this](const httplib::Request& req, httplib::Response& res) {
    size_t limit = 200;
    if (req.has_param("limit")) {
      auto q = query_of({{"limit", req.get_param_value("limit")}}, Limits{200, 2000, 0});
      if (failed(res, q)) return;
      limit = q->limit;
    }
    read(res, [&](Lease& db) {
      auto r = db->groups(limit);
      if (!failed(res, r)) send_json(res, *r);
    });
  });
  http.Get(R"(/api/groups/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
    read(res, [&](Lease& db) {
      auto r = db->group(req.matches[1]);
      if (!failed(res, r)) send_json(res, r->json);
    });
  });
  http.Get("/api/feed", [this](const httplib::Request& req, httplib::Response& res) {
    int64_t cursor = -1;
    size_t limit = 20;
    if (req.has_param("cursor")) {
      auto q = query_of({{"offset", req.get_param_value("cursor")}}, Limits{20, 100, size_t(1) << 40});
      if (failed(res, q)) return;
      cursor = int64_t(q->offset);
    }
    if (req.has_param("limit")) {
      auto q = query_of({{"limit", req.get_param_value("limit")}}, Limits{20, 100, 0});
      if (failed(res, q)) return;
      limit = q->limit;
    }
    read(res, [&](Lease& db) {
      auto r = db->feed(cursor, limit);
      if (!failed(res, r)) send_json(res, *r);
    });
  });
  http.Get(R"(/api/documents/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
    read(res, [&](Lease& db) {
      auto r = db->document(req.matches[1]);
      if (!failed(res, r)) send_json(res, *r);
    });
  });
  http.Post("/api/documents",
            [this](const httplib::Request& req, httplib::Response& res) { ingest(req, res); });
  http.Get(R"(/api/.*)", [](const httplib::Request& req, httplib::Response& res) {
    send_error(res, Status(ErrorCode::kNotFound, "no such API path: " + req.path));
  });
}

// POST /api/documents: JSON Lines documents (SPEC section 4, as `sitrep
// ingest` reads them), cleaned, extracted and stored; only with the token.
void Server::Impl::ingest(const httplib::Request& req, httplib::Response& res) {
  std::string auth = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() <= kBearer.size() || auth.compare(0, kBearer.size(), kBearer) != 0 ||
      !same_secret(std::string_view(auth).substr(kBearer.size()), o.token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_json(res, error_json(Status(ErrorCode::kInvalidArgument, "a valid `Authorization: Bearer TOKEN` is required")),
              401);
    return;
  }
  std::vector<Document> docs;
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  size_t too_many = 0;
  ingest::read_buffer(
      "request.jsonl", req.body,
      [&](Document d) {
        if (docs.size() < o.max_documents)
          docs.push_back(std::move(d));
        else
          ++too_many;
      },
      [&](const std::string& origin, const Status& s) {
        errors.push_back({{"origin", origin}, {"error", s.to_string()}});
      });
  if (too_many)
    errors.push_back({{"origin", "request"},
                      {"error", fmt::format("{} documents past the first {} were not read", too_many, o.max_documents)}});

  size_t added = 0, replaced = 0, unchanged = 0;
  std::lock_guard lock(write_mu);
  if (!writer) {
    auto w = store::Store::open(o.db, false);
    if (failed(res, w)) return;
    writer = std::move(*w);
    writer->set_batch(1000000);
  }
  clean::SiteMemory memory;
  clean::Options copts;
  copts.site_memory = &memory;
  for (Document& d : docs) {
    if (writer->unchanged(d)) {
      ++unchanged;
      continue;
    }
    if (Status s = clean::clean(d, copts); !s) {
      errors.push_back({{"origin", d.origin.empty() ? d.id : d.origin}, {"error", s.to_string()}});
      continue;
    }
    auto r = writer->put(d, extract::extract(d));
    if (!r) {
      errors.push_back({{"origin", d.origin.empty() ? d.id : d.origin}, {"error", r.status().to_string()}});
      continue;
    }
    (*r == store::Outcome::kAdded ? added : *r == store::Outcome::kReplaced ? replaced : unchanged)++;
  }
  if (Status s = writer->flush(); !s) {
    writer.reset();
    send_error(res, s);
    return;
  }
  nlohmann::ordered_json j{{"documents", docs.size()}, {"added", added},   {"replaced", replaced},
                           {"unchanged", unchanged},   {"failed", errors.size()}, {"errors", errors}};
  send_json(res, j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
            errors.empty() || added + replaced + unchanged ? 200 : 400);
}

Result<std::unique_ptr<Server>> Server::create(Options options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.db, ec))
    return Status(ErrorCode::kNotFound, options.db + ": no such database (create one with `sitrep ingest --db`)");
  auto probe = store::Store::open(options.db, false);
  if (!probe) return probe.status();
  auto impl = std::make_unique<Impl>();
  impl->pool.push_back(std::move(*probe));
  if (options.token.empty()) options.token = random_token();
  impl->o = std::move(options);
  Impl& im = *impl;
  const Options& o = im.o;

  im.http.new_task_queue = [n = o.threads] { return new httplib::ThreadPool(n); };
  im.http.set_payload_max_length(o.max_body_bytes);
  im.http.set_read_timeout(std::chrono::duration_cast<std::chrono::seconds>(o.io_timeout).count(), 0);
  im.http.set_write_timeout(std::chrono::duration_cast<std::chrono::seconds>(o.io_timeout).count(), 0);
  im.http.set_keep_alive_max_count(100000);
  im.http.set_keep_alive_timeout(5);
  im.http.set_tcp_nodelay(true);
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which lets a
  // second server bind the same port and share its requests unnoticed.
  im.http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });

  im.routes();
  if (!o.web_dir.empty() && std::filesystem::is_directory(o.web_dir, ec)) {
    im.http.set_mount_point("/", o.web_dir, {{"Cache-Control", "no-cache"}});
  } else {
    im.http.Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "sitrep: the web app is not built here (run `make`); the API answers under /api/.\n",
          "text/plain; charset=utf-8");
    });
  }
  im.http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) { secure(res); });
  // Called for every status >= 400: answers the API gave keep their body;
  // the server's own (413, 404 outside the API) get a JSON one.
  im.http.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request& req, httplib::Response& res) -> httplib::Server::HandlerResponse {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string what = res.status == 413   ? "request body too large"
                       : res.status == 404 ? "not found: " + req.path
                                           : fmt::format("HTTP {}", res.status);
    int status = res.status;
    send_json(res, error_json(Status(status == 404 ? ErrorCode::kNotFound : ErrorCode::kInvalidArgument, what)),
              status);
    secure(res);
    return httplib::Server::HandlerResponse::Handled;
  }));
  im.http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what += std::string(": ") + e.what();
    } catch (...) {
    }
    send_json(res, error_json(Status(ErrorCode::kInternal, what)), 500);
    secure(res);
  });
  if (o.access_log)
    im.http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      fmt::print(stderr, "{} {} {} {}\n", req.remote_addr, req.method, req.path, res.status);
    });
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { stop(); }

int Server::bind() {
  const Options& o = impl_->o;
  int port = o.port == 0 ? impl_->http.bind_to_any_port(o.host)
                         : (impl_->http.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port < 0) impl_->why = fmt::format("cannot listen on {}:{} (in use, or not an address here)", o.host, o.port);
  return port;
}

bool Server::run() {
  {
    std::lock_guard lock(impl_->run_mu);
    if (impl_->stop_asked) return true;
    impl_->started = true;
  }
  bool ok = impl_->http.listen_after_bind();
  impl_->finished = true;
  return ok;
}

void Server::stop() {
  if (!impl_) return;
  {
    std::lock_guard lock(impl_->run_mu);
    impl_->stop_asked = true;
    if (!impl_->started) return;
  }
  // run() has begun: wait for httplib's loop to be up (or over), then end it.
  while (!impl_->http.is_running() && !impl_->finished) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  impl_->http.stop();
}
const std::string& Server::token() const { return impl_->o.token; }
const std::string& Server::why() const { return impl_->why; }

}  // namespace sitrep::serve
