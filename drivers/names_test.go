package drivers_test

import (
	"testing"

	"github.com/blocksql/blocksql/drivers"
)

func TestQualifiedNamesDoNotCollide(t *testing.T) {
	cases := []struct{ db, table, want string }{
		{"app", "t", "app.t"},
		{"app.x", "y", "`app.x`.y"},
		{"app", "x.y", "app.`x.y`"},
		{"a`b", "c", "`a``b`.c"},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		got := drivers.QualifiedName(c.db, c.table)
		if got != c.want || seen[got] {
			t.Errorf("QualifiedName(%q, %q) = %q, want %q, unique", c.db, c.table, got, c.want)
		}
		seen[got] = true
		db, table, ok := drivers.SplitQualified(got)
		if !ok || db != c.db || table != c.table {
			t.Errorf("SplitQualified(%q) = %q, %q, %v", got, db, table, ok)
		}
	}
	for _, bad := range []string{"app", ".t", "app.", "`app.t", "`a`b.c"} {
		if _, _, ok := drivers.SplitQualified(bad); ok {
			t.Errorf("SplitQualified(%q) accepted", bad)
		}
	}
}
