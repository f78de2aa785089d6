package replay

import (
	"math/big"
	"strings"
	"testing"
	"time"
)

// TestDecimalStringShortcut checks that a DECIMAL already in canonical form
// is kept as it is and every other text still goes through big.Rat: the
// digest of a table must not depend on which path a value took.
func TestDecimalStringShortcut(t *testing.T) {
	texts := []string{"12.50", "0.50", "-0.50", "-0.00", "0.00", "00.50", ".50", "12.5", "12.500", "+12.50",
		" 12.50", "1e5", "5", "-0", "0", "-5", "007", "-12345678901234567.89", "12345678901234567.89", "1.", "-.5",
		"9.99", "-9.990", "1.0e1"}
	for _, s := range texts {
		for _, scale := range []int{0, 1, 2, 3} {
			want := s
			if r, ok := new(big.Rat).SetString(strings.TrimSpace(s)); ok {
				want = r.FloatString(scale)
			}
			if got := decimalAtScale(s, scale); got != want {
				t.Errorf("decimalAtScale(%q, %d) = %q, want %q", s, scale, got, want)
			}
		}
	}
}

// TestAppendCanonicalMatchesText checks the shortcuts for values a driver
// returns typed (an int64, a time) against the same values given as text.
func TestAppendCanonicalMatchesText(t *testing.T) {
	at := time.Date(2026, 12, 2, 1, 5, 7, 0, time.UTC)
	cases := []struct {
		typ        string
		typed      any
		text       string
		wantString string
	}{
		{"bigint", int64(-9223372036854775808), "-9223372036854775808", "-9223372036854775808"},
		{"int", int64(42), "42", "42"},
		{"datetime", at, "2026-12-02 01:05:07", "2026-12-02 01:05:07"},
		{"date", at, "2026-12-02", "2026-12-02"},
		{"varchar(10)", []byte("a\x00b"), "a\x00b", "a\x00b"},
	}
	for _, c := range cases {
		typ := parseColType(c.typ)
		for _, v := range []any{c.typed, c.text} {
			if got := string(appendCanonical([]byte("x"), &typ, v)); got != "x"+c.wantString {
				t.Errorf("%s %#v: %q, want %q", c.typ, v, got, "x"+c.wantString)
			}
		}
	}
}
