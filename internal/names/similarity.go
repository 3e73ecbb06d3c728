package names

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"
)

// DefaultThreshold is the Similarity at or above which two names are
// reported as a likely duplicate. It is set so that every cross-script
// and word-order duplicate in the tests passes and every listed pair of
// different people (Ivan Petrenko/Ivan Petrov, Nino/Giorgi Beridze,
// Armen/Aram Petrosyan, Olena Shevchenko/Oleh Shevchuk) stays below it.
const DefaultThreshold = 0.88

// Scoring constants, tuned together with DefaultThreshold.
const (
	// wordFloor is the Jaro-Winkler score that counts as no likeness at
	// all; scores above it are stretched linearly onto 0..1. Jaro-Winkler
	// gives 0.8 and more to quite different short names (Armen/Aram
	// 0.83, Petrenko/Petrov 0.89), so without the stretch one different
	// word next to an equal surname would still score about 0.93.
	wordFloor = 0.6
	// extraWordPenalty is taken off for each word of the longer name left
	// unmatched when the shorter name has at least two words: a missing
	// middle name or patronymic.
	extraWordPenalty = 0.04
	// singleWordFactor multiplies the score for each word left unmatched
	// when the shorter name is a single word: one matching word alone is
	// weak evidence.
	singleWordFactor = 0.75
	// maxExactWords is the largest word count for which the best matching
	// of words is searched exhaustively; longer names are matched greedily.
	maxExactWords = 10
	// maxWords is how many words of each name are compared; the rest are
	// ignored, which bounds the work on garbage input.
	maxWords = 20
)

// Similarity scores how alike two full names are, from 0 (nothing alike,
// or either name empty) to 1 (equal keys, or equal up to word order).
//
// Both names are reduced with Key and split into words. Each word of the
// name with fewer words is paired with a different word of the other name
// so that the sum of the pair scores, weighted by the words' mean length
// in letters, is the highest possible (word order does not matter:
// "Ivanov Petro" and "Petro Ivanov" score 1). A pair's score is the
// Jaro-Winkler similarity of the two words, stretched so that wordFloor
// (0.6) and below count as 0 and 1 stays 1. The result is the weighted
// mean of the pair scores, lowered by 0.04 for each word of the longer
// name left unpaired (a missing middle name or patronymic: "Ivan
// Petrenko" against "Ivan Petrenko Mykolaiovych" scores 0.96), or
// multiplied by 0.75 for each unpaired word when the shorter name is a
// single word.
//
// Only the first 20 words of each name are compared.
//
// Similarity is symmetric, and Similarity(a, a) is 1 whenever Key(a) is
// not empty.
func Similarity(a, b string) float64 {
	return similarityKeys(Key(a), Key(b))
}

// similarityKeys is Similarity on keys already computed.
func similarityKeys(ka, kb string) float64 {
	ta, tb := strings.Fields(ka), strings.Fields(kb)
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	ta, tb = ta[:min(len(ta), maxWords)], tb[:min(len(tb), maxWords)]
	// Put the names in a canonical order so that the computation, and with
	// it every rounding, is the same both ways round.
	if len(ta) > len(tb) || (len(ta) == len(tb) && ka > kb) {
		ta, tb = tb, ta
	}
	n, m := len(ta), len(tb)
	ra, rb := runesOf(ta), runesOf(tb)

	// Pair weights and scores.
	w := make([]float64, n*m)
	s := make([]float64, n*m)
	for i := range n {
		for j := range m {
			w[i*m+j] = float64(len(ra[i])+len(rb[j])) / 2
			s[i*m+j] = stretch(jaroWinkler(ra[i], rb[j]))
		}
	}
	var pairs []int // pairs[i] is the word of tb paired with ta[i]
	if m <= maxExactWords {
		pairs = bestPairs(n, m, w, s)
	} else {
		pairs = greedyPairs(n, m, w, s)
	}
	var num, den float64
	for i, j := range pairs {
		num += w[i*m+j] * s[i*m+j]
		den += w[i*m+j]
	}
	score := num / den
	if extra := m - n; extra > 0 {
		if n >= 2 {
			score -= extraWordPenalty * float64(extra)
		} else {
			for range extra {
				score *= singleWordFactor
			}
		}
	}
	return max(0, min(1, score))
}

func runesOf(ws []string) [][]rune {
	out := make([][]rune, len(ws))
	for i, w := range ws {
		out[i] = []rune(w)
	}
	return out
}

// stretch maps a Jaro-Winkler score onto 0..1 so that wordFloor becomes 0.
func stretch(jw float64) float64 {
	if jw >= 1 {
		return 1
	}
	return max(0, (jw-wordFloor)/(1-wordFloor))
}

// bestPairs finds, by dynamic programming over the subsets of tb's words
// already used, the pairing of each of the n words with a distinct one of
// the m words that maximises the weighted score sum. Ties go to the
// pairing found first, so the result depends only on the inputs.
func bestPairs(n, m int, w, s []float64) []int {
	size := 1 << m
	best := make([]float64, size)
	from := make([]int8, size) // the word of tb added last; -1 if unreached
	for i := range from {
		from[i] = -1
	}
	reached := make([]bool, size)
	reached[0] = true
	// Masks with popcount i hold the best sum for pairing ta[:i].
	for mask := range size {
		if !reached[mask] {
			continue
		}
		i := bits.OnesCount(uint(mask))
		if i == n {
			continue
		}
		for j := range m {
			if mask&(1<<j) != 0 {
				continue
			}
			next := mask | 1<<j
			v := best[mask] + w[i*m+j]*s[i*m+j]
			if !reached[next] || v > best[next] {
				reached[next] = true
				best[next] = v
				from[next] = int8(j)
			}
		}
	}
	// Pick the best complete mask.
	end := -1
	for mask := range size {
		if reached[mask] && bits.OnesCount(uint(mask)) == n &&
			(end < 0 || best[mask] > best[end]) {
			end = mask
		}
	}
	pairs := make([]int, n)
	for mask, i := end, n-1; i >= 0; i-- {
		j := int(from[mask])
		pairs[i] = j
		mask &^= 1 << j
	}
	return pairs
}

// greedyPairs pairs words by repeatedly taking the best remaining pair.
func greedyPairs(n, m int, w, s []float64) []int {
	type cand struct {
		i, j int
		v    float64
	}
	cs := make([]cand, 0, n*m)
	for i := range n {
		for j := range m {
			cs = append(cs, cand{i, j, w[i*m+j] * s[i*m+j]})
		}
	}
	slices.SortStableFunc(cs, func(x, y cand) int { return cmp.Compare(y.v, x.v) })
	pairs := make([]int, n)
	usedA := make([]bool, n)
	usedB := make([]bool, m)
	left := n
	for _, c := range cs {
		if left == 0 {
			break
		}
		if usedA[c.i] || usedB[c.j] {
			continue
		}
		usedA[c.i], usedB[c.j] = true, true
		pairs[c.i] = c.j
		left--
	}
	return pairs
}

// jaroWinkler returns the Jaro-Winkler similarity of two words (prefix
// scale 0.1, common prefix counted up to 4 letters). It computes with the
// arguments in a fixed order so that it is exactly symmetric.
func jaroWinkler(a, b []rune) float64 {
	if slices.Compare(a, b) > 0 {
		a, b = b, a
	}
	j := jaro(a, b)
	prefix := 0
	for prefix < 4 && prefix < len(a) && prefix < len(b) && a[prefix] == b[prefix] {
		prefix++
	}
	return j + float64(prefix)*0.1*(1-j)
}

// jaro returns the Jaro similarity of two words.
func jaro(a, b []rune) float64 {
	if len(a) == 0 || len(b) == 0 {
		if len(a) == len(b) {
			return 1
		}
		return 0
	}
	if slices.Equal(a, b) {
		return 1
	}
	window := max(len(a), len(b))/2 - 1
	window = max(window, 0)
	ma := make([]bool, len(a))
	mb := make([]bool, len(b))
	matches := 0
	for i := range a {
		lo, hi := max(0, i-window), min(len(b), i+window+1)
		for k := lo; k < hi; k++ {
			if !mb[k] && a[i] == b[k] {
				ma[i], mb[k] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	half := 0
	k := 0
	for i := range a {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			half++
		}
		k++
	}
	mf := float64(matches)
	return (mf/float64(len(a)) + mf/float64(len(b)) + (mf-float64(half)/2)/mf) / 3
}

// Candidate is a person that a name may duplicate.
type Candidate struct {
	ID    string  // the person's identifier in the store
	Name  string  // the person's full name as stored, in any script
	Score float64 // Similarity to the name checked; set by Likely
}

// Likely returns the candidates whose Similarity to name is at least
// threshold (use DefaultThreshold unless there is reason not to), with
// Score set, best first and, at equal score, by ID. others is not
// modified. It returns nil when no candidate qualifies.
func Likely(name string, others []Candidate, threshold float64) []Candidate {
	key := Key(name)
	var out []Candidate
	for _, c := range others {
		score := similarityKeys(key, Key(c.Name))
		if score >= threshold {
			c.Score = score
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(x, y Candidate) int {
		if c := cmp.Compare(y.Score, x.Score); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	return out
}
