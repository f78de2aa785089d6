package drivers_test

import (
	"strings"
	"testing"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/format"
)

const mysqlFlags = format.RestoreStringSingleQuotes | format.RestoreNameBackQuotes |
	format.RestoreKeyWordUppercase | format.RestoreStringEscapeBackslash

// TestRestoreKeepsTokensApart checks that restored text parses back to the
// same statement and never holds a comment opener or a raw NUL.
func TestRestoreKeepsTokensApart(t *testing.T) {
	for _, q := range []string{
		"SELECT 5 - -2 + 100 AS x, 7 AS y",
		"SELECT id FROM d.t WHERE id - -1 = 3",
		"UPDATE d.t SET b = b - -1 WHERE a - - - 1 > 0",
		"SELECT 'x--y', `a--b`, '/*', 'it''s', 'a\\\\b', 'x\\0y'",
		"ALTER TABLE d.t FORCE",
	} {
		first := restoreText(t, q)
		for _, bad := range []string{"--", "/*", "#", "\x00"} {
			if strings.Contains(unquoted(first), bad) {
				t.Errorf("%s\n  restored as %q, which holds %q outside quotes", q, first, bad)
			}
		}
		if strings.Contains(first, "\x00") {
			t.Errorf("%s\n  restored with a raw NUL: %q", q, first)
		}
		if again := restoreText(t, first); again != first {
			t.Errorf("%s\n  restored %q\n  reparsed %q", q, first, again)
		}
	}
}

func restoreText(t *testing.T, q string) string {
	t.Helper()
	stmt, err := drivers.Parse(q)
	if err != nil {
		t.Fatalf("parse %q: %v", q, err)
	}
	out, err := drivers.Restore(stmt, mysqlFlags)
	if err != nil {
		t.Fatalf("restore %q: %v", q, err)
	}
	return out
}

// unquoted blanks out quoted strings and names.
func unquoted(s string) string {
	var b strings.Builder
	var quote rune
	for _, c := range s {
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
		case c == '\'' || c == '`' || c == '"':
			quote = c
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}
