package sqlite

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

func TestLiftValues(t *testing.T) {
	vals := []int64{900000001, 900000003}
	for _, c := range []struct {
		q, want string
		order   []int
		ok      bool
	}{
		{`SELECT "c" FROM "d.t" WHERE "id"=900000001`, `SELECT "c" FROM "d.t" WHERE "id"=?`, nil, false},
		{`SELECT 1 FROM t WHERE a=900000003 AND b BETWEEN 900000001 AND 900000003`, `SELECT 1 FROM t WHERE a=? AND b BETWEEN ? AND ?`, []int{1, 0, 1}, true},
		// Quoted text, names and other numbers keep the digits.
		{`SELECT '900000001', "900000001", t900000001, 900000001.5, 900000001e2, x900000003 FROM t WHERE a=900000001 AND b=900000003`,
			`SELECT '900000001', "900000001", t900000001, 900000001.5, 900000001e2, x900000003 FROM t WHERE a=? AND b=?`, []int{0, 1}, true},
		{`SELECT 'it''s 900000001' FROM t WHERE a IN (900000001,900000003)`, `SELECT 'it''s 900000001' FROM t WHERE a IN (?,?)`, []int{0, 1}, true},
		{`SELECT a FROM t WHERE a=1900000001 OR a=900000003`, "", nil, false},
	} {
		got, order, ok := liftValues(c.q, vals)
		if ok != c.ok || ok && (got != c.want || !slices.Equal(order, c.order)) {
			t.Errorf("liftValues(%s) = %q %v %v, want %q %v %v", c.q, got, order, ok, c.want, c.order, c.ok)
		}
	}
}

// planFor plans q, a qualified read whose ? are integer parameters.
func planFor(t *testing.T, d *Driver, q string) (drivers.ReadPlan, error) {
	t.Helper()
	n := strings.Count(q, "?")
	return d.PlanRead(context.Background(), func(vals []int64) (ast.StmtNode, error) {
		text := q
		for _, v := range vals {
			text = strings.Replace(text, "?", fmt.Sprint(v), 1)
		}
		return drivers.Parse(text)
	}, n)
}

// TestReadPlanAnswersAsTheTranslation runs planned reads with values of
// every length and edge against the same reads translated with the values
// written out: the same rows.
func TestReadPlanAnswersAsTheTranslation(t *testing.T) {
	d := openDriver(t)
	apply(t, d, "CREATE DATABASE app",
		"CREATE TABLE app.t (id BIGINT UNSIGNED PRIMARY KEY, small TINYINT, k INT, c VARCHAR(20), KEY (k))",
		"INSERT INTO app.t VALUES (0, 0, 0, 'zero'), (1, 1, 1, 'one'), (127, 127, 2147483647, 'max tiny'), "+
			"(128, -128, -2147483648, 'min tiny'), (9223372036854775807, NULL, 7, 'max'), (255, 5, 9, 'x')")
	ctx := context.Background()
	values := []int64{0, 1, 5, 9, 127, 128, 255, 256, 2147483647, 2147483648, 1 << 53, 1<<53 + 1, 9223372036854775807}
	for _, q := range []string{
		"SELECT c FROM app.t WHERE id = ?",
		"SELECT * FROM app.t WHERE small = ?",
		"SELECT id, c FROM app.t WHERE k >= ? ORDER BY id",
		"SELECT c FROM app.t WHERE id BETWEEN ? AND ? ORDER BY c LIMIT 3",
		"SELECT DISTINCT c FROM app.t WHERE k IN (?, ?, ?) AND id <> ?",
	} {
		plan, err := planFor(t, d, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if strings.Contains(plan.SQL(), "900000001") {
			t.Fatalf("%s: planned as %s", q, plan.SQL())
		}
		n := strings.Count(q, "?")
		for i, v := range values {
			vals := make([]int64, n)
			for j := range vals {
				vals[j] = values[(i+j*3)%len(values)]
			}
			vals[0] = v
			rows, err := d.QueryPlan(ctx, plan, vals)
			if err != nil {
				t.Fatalf("%s %v: %v", q, vals, err)
			}
			got := scanStrings(t, rows)
			rows.Close()
			text := q
			for _, v := range vals {
				text = strings.Replace(text, "?", fmt.Sprint(v), 1)
			}
			rows, err = d.Query(ctx, parse(t, text))
			if err != nil {
				t.Fatalf("%s: %v", text, err)
			}
			want := scanStrings(t, rows)
			rows.Close()
			if !slices.Equal(got, want) {
				t.Errorf("%s with %v: plan %q, translation %q", q, vals, got, want)
			}
		}
	}
}

// TestReadPlanRefusesValueDependentTranslation: SELECT ? * 2 names its
// column after the value written (5 * 2), so the probes' translations
// differ and there is no plan.
func TestReadPlanRefusesValueDependentTranslation(t *testing.T) {
	d := openDriver(t)
	apply(t, d, "CREATE DATABASE app", "CREATE TABLE app.d (id INT PRIMARY KEY, day DATE)")
	if _, err := planFor(t, d, "SELECT ? * 2 FROM app.d"); !errors.Is(err, drivers.ErrNoPlan) {
		t.Fatalf("planned a read whose column is named by its value: %v", err)
	}
	if _, err := planFor(t, d, "SELECT id FROM app.d WHERE id = ?"); err != nil {
		t.Fatal(err)
	}
}

// TestReadPlanStaleAfterSchemaChange: a plan made before a schema change
// is refused after it, so the caller plans the read again.
func TestReadPlanStaleAfterSchemaChange(t *testing.T) {
	d := openDriver(t)
	apply(t, d, "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, c INT)")
	plan, err := planFor(t, d, "SELECT * FROM app.t WHERE id = ?")
	if err != nil {
		t.Fatal(err)
	}
	apply(t, d, "ALTER TABLE app.t ADD COLUMN e INT")
	if _, err := d.QueryPlan(context.Background(), plan, []int64{1}); !errors.Is(err, drivers.ErrStalePlan) {
		t.Fatalf("a plan made before ALTER TABLE ran after it: %v", err)
	}
}
