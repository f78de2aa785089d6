package sqlite

import (
	"math"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// TestPlainLiteralMatchesTranslation: the literals insertSource writes
// without translating them come out exactly as translating and restoring
// them gives, and the others are left to translation.
func TestPlainLiteralMatchesTranslation(t *testing.T) {
	q := `INSERT INTO t VALUES (1, 0, 9223372036854775807, -9223372036854775808, 'a', '', 'it''s', 'back\\slash',
		"double""quote", _utf8mb4'charset', _binary'bytes', 'tab	and
newline', '/* not a comment */', '-- nor this', '#', NULL, x'4142', b'101', TRUE, FALSE, 1.5, 1e3,
		18446744073709551615, -3, 'nul\0byte', DATE '2020-01-02', 'ünï', '😀')`
	stmt, err := drivers.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	// The AUTO_INCREMENT values the engine fills in are unsigned.
	row := append(stmt.(*ast.InsertStmt).Lists[0], ast.NewValueExpr(uint64(42), "", ""),
		ast.NewValueExpr(uint64(math.MaxInt64), "", ""), ast.NewValueExpr(uint64(math.MaxInt64+1), "", ""))
	fast := 0
	for i, e := range row {
		got, ok := plainLiteral(e)
		n, _, err := translateWith(e, nil)
		var want string
		if err == nil {
			want, err = restore(strictValues(n))
		}
		if !ok {
			continue
		}
		fast++
		if err != nil || got != want {
			t.Errorf("value %d: plainLiteral gives %q, translation %q (%v)", i, got, want, err)
		}
	}
	// NULL, the integers within BIGINT's range and the strings without a
	// NUL byte.
	if fast != 19 {
		t.Errorf("%d of the values took the plain path, want 19", fast)
	}
}
