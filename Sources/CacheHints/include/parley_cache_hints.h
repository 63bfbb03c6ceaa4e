// Cache hints the Swift standard library does not offer.
//
// A prefetch asks for a line without waiting for it: unlike a load, it does not hold the
// instruction that issued it until the data comes, so a loop can have many table reads in
// flight at once.
#ifndef PARLEY_CACHE_HINTS_H
#define PARLEY_CACHE_HINTS_H

/// Starts bringing the cache line that holds `address` into all cache levels, for reading.
static inline __attribute__((always_inline)) void parley_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
