package replay

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// Every text a session's shape cache answers, from a template or not, is
// the tree the parser gives for it, and a plain INSERT's shape is taken
// from its template from its third text on.
func TestShapeCacheGivesTheParsersTree(t *testing.T) {
	p := NewParser()
	var c ShapeCache
	rng := rand.New(rand.NewPCG(7, 9))
	str := func() string {
		const chars = "abcXYZ 019-_.,:()`é€😀\t\n"
		r := []rune(chars)
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteRune(r[rng.IntN(len(r))])
		}
		return b.String()
	}
	num := func() string { return fmt.Sprint(rng.Int64N(1_000_000_000_000) - 1) }
	shapes := []func() string{
		func() string {
			return fmt.Sprintf("INSERT INTO t (k, c, pad) VALUES (%s, '%s', '%s')", num(), str(), str())
		},
		func() string {
			return fmt.Sprintf("insert ignore into `db`.`t 1` (`k`,`c`) values (%s,'%s'),(%s,'%s')", num(), str(), num(), str())
		},
		func() string { return fmt.Sprintf("REPLACE INTO t VALUES (%s, '%s', NULL)", num(), str()) },
		func() string {
			return fmt.Sprintf("INSERT INTO t (k) VALUES (%s) ON DUPLICATE KEY UPDATE k = %s", num(), num())
		},
		func() string { return fmt.Sprintf("INSERT INTO t SET k = %s, c = '%s'", num(), str()) },
		func() string { return fmt.Sprintf("INSERT INTO t (k, c) VALUES (-%s, _utf8mb4'%s')", num(), str()) },
		func() string { return fmt.Sprintf("INSERT INTO t (k, c) VALUES (%s.5, '%s' 'x')", num(), str()) },
		func() string { return fmt.Sprintf("INSERT INTO t (k, c) VALUES (%s, '%s''x')", num(), str()) },
		func() string { return fmt.Sprintf("INSERT INTO t (k, c) VALUES (%s, N'%s')", num(), str()) },
		func() string {
			return fmt.Sprintf("INSERT INTO t2 (k, c) VALUES (%s + 1, CONCAT('%s', 'x'))", num(), str())
		},
		func() string { return fmt.Sprintf("INSERT INTO t (k) SELECT %s", num()) },
		func() string { return fmt.Sprintf("INSERT INTO t (a, k) VALUES (TRUE, %s), (%s, FALSE)", num(), num()) },
	}
	for i := range 3000 {
		sql := shapes[i%len(shapes)]()
		got, err := c.Parse(p, sql)
		want, werr := Parse(NewParser(), sql)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: error %v, the parser's %v", sql, err, werr)
		}
		if err != nil {
			continue
		}
		if len(got) != len(want) || !reflect.DeepEqual(got[0], want[0]) {
			t.Fatalf("%q: the shape cache's tree differs from the parser's", sql)
		}
		gt, gerr := Canonical(got[0])
		wt, werr := Canonical(want[0])
		if gt != wt || (gerr == nil) != (werr == nil) {
			t.Fatalf("%q: canonical %q (%v), the parser's %q (%v)", sql, gt, gerr, wt, werr)
		}
		// Its lifted canonical text and parameters are LiftedCanonical's,
		// whether the shape's are known or not, and after another text too.
		stmt := got[0] // the parser hands its result slice out again
		if i%7 == 0 {
			if _, err := c.Parse(p, shapes[(i+1)%len(shapes)]()); err != nil {
				t.Fatal(err)
			}
		}
		lt, lp, lerr := c.Lifted(stmt, sql)
		wl, wp, wlerr := LiftedCanonical(want[0], sql, nil)
		if lt != wl || !reflect.DeepEqual(lp, wp) || (lerr == nil) != (wlerr == nil) {
			t.Fatalf("%q: lifted %q %v (%v), LiftedCanonical's %q %v (%v)", sql, lt, lp, lerr, wl, wp, wlerr)
		}
		// The session rewrites the tree it is given; a template must not
		// change with it.
		if err := Qualify(stmt, "other"); err != nil {
			t.Fatal(err)
		}
	}
	proven, lifts := 0, 0
	for k, e := range c.m {
		if e.proven {
			t.Logf("proven: %q", k)
			proven++
		}
		if e.lifts {
			lifts++
		}
	}
	if lifts != proven {
		t.Errorf("%d of the %d proven shapes lift their literals without LiftedCanonical", lifts, proven)
	}
	// The first two shapes and INSERT … SET (the parser reads its
	// assignments as columns and one row of values); the others are parsed.
	if proven != 3 {
		t.Fatalf("%d shapes taken from their templates, want 3", proven)
	}
}

// go test ./replay -bench TextShape: one session's INSERT texts, parsed or
// taken from their shape's template.
func BenchmarkTextShape(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	texts := make([]string, 1024)
	for i := range texts {
		texts[i] = fmt.Sprintf("INSERT INTO `items_insert` (k, c, pad) VALUES (%d, '%d-%d-%d', '%d-%d')",
			rng.IntN(1_000_000), rng.Int64(), rng.Int64(), rng.Int64(), rng.Int64(), rng.Int64())
	}
	b.Run("parsed", func(b *testing.B) {
		p := NewParser()
		for i := range b.N {
			if _, err := Parse(p, texts[i%len(texts)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("shape", func(b *testing.B) {
		p := NewParser()
		var c ShapeCache
		for i := range b.N {
			if _, err := c.Parse(p, texts[i%len(texts)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// A client sending ever new shapes cannot grow its session's cache past
// its budget, and its texts are still parsed.
func TestShapeCacheStaysWithinItsBudget(t *testing.T) {
	p := NewParser()
	var c ShapeCache
	pad := strings.Repeat("x", 300)
	for i := range 2000 {
		sql := fmt.Sprintf("INSERT INTO t%d (k, c) VALUES (%d, '%s')", i, i, pad)
		stmts, err := c.Parse(p, sql)
		if err != nil || len(stmts) != 1 {
			t.Fatalf("%q: %v", sql, err)
		}
	}
	texts := 0
	for k, e := range c.m {
		texts += len(k)
		if e.tmpl != nil {
			texts += len(e.tmpl.OriginalText())
		}
	}
	if c.bytes > shapeCacheBytes || texts > shapeCacheBytes || len(c.m) > shapeCacheMax {
		t.Fatalf("%d shapes holding %d bytes of text (counted %d), over the budget of %d shapes and %d bytes",
			len(c.m), texts, c.bytes, shapeCacheMax, shapeCacheBytes)
	}
	if len(c.m) == 0 {
		t.Fatal("no shape kept")
	}
}
