package difftest

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestSameSeedSameStream(t *testing.T) {
	a, b := NewGenerator(7, 3).Segment(300), NewGenerator(7, 3).Segment(300)
	if len(a) != len(b) {
		t.Fatalf("lengths %d and %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("statement %d differs:\n%s\n%s", i, a[i], b[i])
		}
	}
	if c := NewGenerator(8, 3).Segment(300); c[10] == a[10] && c[20] == a[20] {
		t.Errorf("another seed gives the same stream")
	}
}

// TestGeneratorBreadth checks the stream exercises what the tester
// promises: every production, NUL bytes, emoji, `- -`, prepared statements.
func TestGeneratorBreadth(t *testing.T) {
	seen := map[string]bool{}
	var all strings.Builder
	for seg := 0; seg < 20; seg++ {
		for _, s := range NewGenerator(1, seg).Segment(200) {
			seen[s.Tag] = true
			if s.Prepared {
				seen["prepared"] = true
			}
			all.WriteString(s.SQL + "\n")
		}
	}
	for _, tag := range []string{"insert", "insert-ignore", "insert-odku", "replace", "insert-set", "update", "delete",
		"tx-begin", "tx-commit", "tx-rollback", "select", "select-expr", "select-agg", "select-group", "select-join",
		"select-subquery", "ddl-add-column", "ddl-index", "ddl-truncate", "prepared"} {
		if !seen[tag] {
			t.Errorf("no %s statement in 20 segments", tag)
		}
	}
	for _, want := range []string{`\0`, "😀", "- -", "ORDER BY", "LIMIT", "GROUP BY", "HAVING", "LEFT JOIN", "EXISTS", "x'"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("no %q in 20 segments", want)
		}
	}
}

// TestDeviationsDocumented keeps the list and the README's section in step.
func TestDeviationsDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^- `([a-z0-9-]+)`").FindAllStringSubmatch(string(readme), -1) {
		documented[m[1]] = true
	}
	ids := map[string]bool{}
	for _, d := range Deviations {
		ids[d.ID] = true
		if !documented[d.ID] {
			t.Errorf("deviation %s is not a line of the README's known deviations", d.ID)
		}
	}
	for id := range documented {
		if !ids[id] {
			t.Errorf("README lists deviation %s, which the tester does not know", id)
		}
	}
}

func TestClassifyStateFollowsItsCause(t *testing.T) {
	st := Stmt{SQL: "INSERT INTO `t1` (`k`, `s`) VALUES ('a', 'x\\0y')", Tag: "insert"}
	ds := Classify([]Diff{
		{Target: sqliteNode, Kind: KindError, Stmt: st, Want: "ok, 1 affected, insert id 1", Got: `error 1105: unrecognized token: "'x"`},
		{Target: sqliteNode, Kind: KindState, Stmt: st, Col: "t1 rows", Want: "1 rows", Got: "0 rows"},
		{Target: mariaNode, Kind: KindState, Stmt: st, Col: "t1 rows", Want: "1 rows", Got: "0 rows"},
	})
	if ds[0].Deviation != "sqlite-nul" || ds[1].Deviation != "sqlite-nul" {
		t.Errorf("the NUL difference and its state: %+v", ds[:2])
	}
	if !ds[2].Unexpected {
		t.Errorf("a state difference on another target with no cause must be unexpected: %+v", ds[2])
	}
}
