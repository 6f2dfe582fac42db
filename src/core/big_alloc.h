// BigVec: a std::vector for the big tables built when the knowledge base
// loads, whose memory comes in 2 MB huge pages where the system offers them.
//
// Loading writes tens of megabytes of fresh memory, and on virtual machines
// each 4 KB page fault can cost 10-20 microseconds (measured: 64 MB
// first-touched in 200-300 ms with 4 KB pages, 6-10 ms with 2 MB pages), so
// page faults, not the work itself, were a large part of the load time. An
// array of kBigBytes or more is mapped on its own, aligned to 2 MB and marked
// MADV_HUGEPAGE; smaller ones come from operator new as usual. A huge page is
// resident whole once touched, so an array between kBigBytes and 2 MB may
// cost up to 2 MB; nothing else changes. Where huge pages are off this is
// plain mmap. Matching over the tables then also misses the TLB less.
#pragma once

#include <cstddef>
#include <new>
#include <string>
#include <vector>

namespace sitrep {

// Arrays this big or bigger get their own huge-page mapping: at 256 KB one
// huge page fault already costs less than the 64 small ones it replaces.
inline constexpr size_t kBigBytes = size_t{256} << 10;

// A mapping of at least `bytes` (>= kBigBytes) aligned to 2 MB, zero-filled,
// and the matching release. Throws std::bad_alloc when out of memory.
void* map_big(size_t bytes);
void unmap_big(void* p, size_t bytes);

template <class T>
struct BigAlloc {
  using value_type = T;
  BigAlloc() = default;
  template <class U>
  BigAlloc(const BigAlloc<U>&) {}
  T* allocate(size_t n) {
    if (n * sizeof(T) >= kBigBytes) return static_cast<T*>(map_big(n * sizeof(T)));
    return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(alignof(T))));
  }
  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) >= kBigBytes) {
      unmap_big(p, n * sizeof(T));
    } else {
      ::operator delete(p, std::align_val_t(alignof(T)));
    }
  }
  friend bool operator==(const BigAlloc&, const BigAlloc&) { return true; }
};

template <class T>
using BigVec = std::vector<T, BigAlloc<T>>;
using BigString = std::basic_string<char, std::char_traits<char>, BigAlloc<char>>;

}  // namespace sitrep
