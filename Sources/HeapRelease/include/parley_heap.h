// The C library allocator's controls that the Swift standard library does not offer.
//
// glibc keeps memory that was freed for reuse by the same process; after the render cache lets
// workspaces go, handing the free pages back is what keeps the resident size near the budget.
#ifndef PARLEY_HEAP_H
#define PARLEY_HEAP_H

#include <malloc.h>

/// Returns the allocator's free pages to the system (glibc's malloc_trim: from every arena, and
/// from the middle of the heap too, not only its top).
static inline void parley_heap_release(void) {
    malloc_trim(0);
}

#endif
