// The per-position sums of language detection's scoring (Score.swift, section 3), in C so
// that one source builds a copy for AVX2 next to the baseline one, picked by the processor at
// run time: the 32 lanes of 16 bits are two AVX2 registers instead of four SSE2 ones. Swift
// has no per-function target features.
#ifndef PARLEY_LANE_KERNEL_H
#define PARLEY_LANE_KERNEL_H

#include <stdint.h>

/// Lanes per script group: lane l is the group's class `first + l`.
#define PARLEY_LANES 32
/// Set in a key's range end when its postings are a row; the row's number is then the low
/// bits (PARLEY_ROW_NUMBER) of the word at the range's start, its group's first class the top 8.
#define PARLEY_ROW_BIT 0x80000000u
#define PARLEY_ROW_NUMBER 0xFFFFFF

/// What `parley_sum_positions` reads. Offsets and layouts are those of Score.swift.
typedef struct {
    /// The model's table: the postings of a key not in a row, (class, cost) byte pairs.
    const uint8_t *table;
    /// Rows of PARLEY_LANES one-byte costs (255: absent).
    const uint8_t *rows;
    /// Per key (5 × position + order − 1), where its postings start and end in `table`; 0, 0
    /// when absent; the end's top bit: the postings are a row's number and group.
    const uint32_t *range;
    /// Per position, its longest order (1…5).
    const intptr_t *longest;
    /// Vector n (n = 1…5) of PARLEY_LANES values: 0xFFFF for the classes that may take order n.
    const uint16_t *eligible;
    /// Vector 6L + n: what a class found at order n adds to its cost when the longest is L (the
    /// model's lane table from its vector 6 on).
    const uint16_t *extra;
    intptr_t positionCount;
    /// The group's first class.
    uint32_t first;
    /// A position's value for a class without any of its n-grams.
    uint16_t unseen;
} parley_lane_input;

/// Adds, for each lane, the values of all positions to `sums` (PARLEY_LANES values), with
/// the AVX2 copy when the processor has AVX2.
void parley_sum_positions(const parley_lane_input *input, uint32_t *sums);

/// The two copies, for tests (on a processor without AVX2 the AVX2 copy must not be called;
/// off x86-64 both are the same code).
void parley_sum_positions_baseline(const parley_lane_input *input, uint32_t *sums);
void parley_sum_positions_avx2(const parley_lane_input *input, uint32_t *sums);
/// Whether the processor has AVX2.
int parley_lane_kernel_has_avx2(void);

#endif
