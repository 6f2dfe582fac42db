// Huge-page mappings for BigVec (see big_alloc.h).
#include "core/big_alloc.h"

#include <sys/mman.h>

#include <cstdint>

namespace sitrep {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

inline size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }

}  // namespace

void* map_big(size_t bytes) {
  // Over-map by a huge page, then trim to a 2 MB-aligned range.
  const size_t len = round_up(bytes, kHugePage);
  void* p = mmap(nullptr, len + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  auto base = reinterpret_cast<uintptr_t>(p);
  uintptr_t aligned = round_up(base, kHugePage);
  if (aligned > base) munmap(p, aligned - base);
  if (uintptr_t tail = base + len + kHugePage - (aligned + len)) {
    munmap(reinterpret_cast<void*>(aligned + len), tail);
  }
#ifdef MADV_HUGEPAGE
  madvise(reinterpret_cast<void*>(aligned), len, MADV_HUGEPAGE);
#endif
  return reinterpret_cast<void*>(aligned);
}

void unmap_big(void* p, size_t bytes) { munmap(p, round_up(bytes, kHugePage)); }

}  // namespace sitrep
