package sqlite

import "unicode/utf8"

// like is MySQL's s LIKE pattern ESCAPE esc: under utf8mb4_general_ci
// each character matches one of the same weight (case and accents
// folded, see generalCIWeight), with no padding ('a ' is not LIKE 'a');
// a binary operand makes it a byte-wise, case-sensitive match. '%'
// matches any run of characters, '_' one character, and esc makes the
// next pattern character literal. NULL operands give NULL.
func like(s, pattern any, esc string) any { return likeMatch(s, pattern, esc, true) }

// likeMatch is LIKE, text folded when fold is set (binary strings never).
func likeMatch(s, pattern any, esc string, fold bool) any {
	if isNull(s) || isNull(pattern) {
		return nil
	}
	e, _ := utf8.DecodeRuneInString(esc)
	if esc == "" {
		e = -1
	}
	sb, sBin := s.([]byte)
	pb, pBin := pattern.([]byte)
	if sBin || pBin {
		if !sBin {
			t, _ := text(s)
			sb = []byte(t)
		}
		if !pBin {
			t, _ := text(pattern)
			pb = []byte(t)
		}
		return int64(boolInt(wildMatch(bytesRunes(sb), bytesRunes(pb), e, false)))
	}
	st, _ := text(s)
	pt, _ := text(pattern)
	return int64(boolInt(wildMatch([]rune(st), []rune(pt), e, fold)))
}

// bytesRunes widens each byte to a rune, so a binary match is byte-wise.
func bytesRunes(b []byte) []rune {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return r
}

// likeToken is one pattern element: a literal character, '_' or '%'.
type likeToken struct {
	r    rune
	wild byte // 0, '_' or '%'
}

// wildMatch matches s against the LIKE pattern p with escape esc,
// comparing characters by general_ci weight when ci is set.
func wildMatch(s, p []rune, esc rune, ci bool) bool {
	var toks []likeToken
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == esc && i+1 < len(p):
			i++
			toks = append(toks, likeToken{r: p[i]})
		case c == '%' || c == '_':
			toks = append(toks, likeToken{wild: byte(c)})
		default:
			toks = append(toks, likeToken{r: c})
		}
	}
	same := func(a, b rune) bool { return a == b }
	if ci {
		same = func(a, b rune) bool { return generalCIWeight(a) == generalCIWeight(b) }
	}
	// Greedy matching with backtracking to the last '%'.
	si, ti, starT, starS := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case ti < len(toks) && toks[ti].wild == '%':
			starT, starS = ti, si
			ti++
		case ti < len(toks) && (toks[ti].wild == '_' || toks[ti].wild == 0 && same(toks[ti].r, s[si])):
			ti++
			si++
		case starT >= 0:
			starS++
			si, ti = starS, starT+1
		default:
			return false
		}
	}
	for ti < len(toks) && toks[ti].wild == '%' {
		ti++
	}
	return ti == len(toks)
}

// likeCased is LIKE on a column whose collation tells case apart
// (utf8mb4_bin): characters match only as they are.
func likeCased(s, pattern any, esc string) any { return likeMatch(s, pattern, esc, false) }
