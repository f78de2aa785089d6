package sqlite

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// TestZeroDivisionFormsMatchSQLite: the checking forms of the divisions
// SQLite computes itself (divRaw, an integer %) give SQLite's own result for
// a divisor other than zero, NULL for a NULL operand, and 1365's message
// for a zero divisor of a non-NULL dividend.
func TestZeroDivisionFormsMatchSQLite(t *testing.T) {
	register()
	db, err := sql.Open(sqlDriverName, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	forms := []struct{ fn, native string }{
		{"mysql_div_zerr", "(CAST(%s AS REAL) / (%s))"},
		{"mysql_intdiv_zerr", "CAST((%s) / NULLIF((%s), 0) AS INTEGER)"},
		{"mysql_mod_zerr", "(%s %% %s)"},
	}
	values := []string{"7", "-7", "9223372036854775807", "-9223372036854775808", "7.5", "-2.25", "'12abc'", "'3'", "'1e2x'", "' 4 '", "'.5'", "'abc'", "'7.5x'", "'99999999999999999999'", "'-99999999999999999999x'", "'1e'", "'4 x'", "NULL", "0", "0.0", "-1", "2", "0.5"}
	for _, f := range forms {
		for _, x := range values {
			for _, y := range values {
				var native, checked sql.NullString
				q := fmt.Sprintf("SELECT CAST(%s AS TEXT), typeof(%s)", fmt.Sprintf(f.native, x, y), fmt.Sprintf(f.native, x, y))
				var tp, ctp string
				if err := db.QueryRow(q).Scan(&native, &tp); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				cq := fmt.Sprintf("SELECT CAST(%s(%s, %s) AS TEXT), typeof(%s(%s, %s))", f.fn, x, y, f.fn, x, y)
				err := db.QueryRow(cq).Scan(&checked, &ctp)
				zero := x != "NULL" && (y == "0" || y == "0.0" || y == "'abc'")
				switch {
				case zero:
					if err == nil || !strings.Contains(err.Error(), divisionByZero) {
						t.Errorf("%s: got %v, %v, want %q", cq, checked, err, divisionByZero)
					}
				case err != nil:
					t.Errorf("%s: %v", cq, err)
				case checked != native || ctp != tp:
					t.Errorf("%s: got %v (%s), SQLite gives %v (%s)", cq, checked, ctp, native, tp)
				}
			}
		}
	}
}
