package sqlite

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strconv"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// A read plan is a read translated once for all the values of its integer
// parameters: the translation is made twice, with two sets of probe values
// of different lengths, and the plan exists only when both texts are the
// same around the values (each value written where its parameter was, as
// an integer token, and nowhere else) and give the same result types. The
// plan's text has a ? where each value was and binds the values of each
// execution there: SQLite reads an integer literal and an integer bound in
// its place as the same value.
//
// The probes catch a translation that writes a value elsewhere too (SELECT
// ? * 2 names its column after it), not every dependence: a number compared with a
// DATE column is read as a date where it is one (20250102), which neither
// probe is. So the caller plans only reads whose translation cannot look
// at the values; the proxy asks only for comparisons of an integer column
// with a parameter, which the translation writes as they are
// (proxy/readplan.go).

// readPlan implements drivers.ReadPlan.
type readPlan struct {
	sql string
	// order is the parameter each placeholder binds, in text order.
	order []int
	types []string
	keys  map[string]keyColumn
	// gen is the schema generation the plan was translated at.
	gen uint64
}

func (p *readPlan) SQL() string { return p.sql }

// PlanRead implements drivers.ReadPlanner.
func (d *Driver) PlanRead(ctx context.Context, build func(vals []int64) (ast.StmtNode, error), n int) (drivers.ReadPlan, error) {
	gen := d.readInfo.generation()
	schema := d.readSchema(ctx)
	var plans [2]*readPlan
	for k := range plans {
		vals := planProbes(k, n)
		stmt, err := build(vals)
		if err != nil {
			return nil, err
		}
		drivers.NameFields(stmt)
		keys := rowidKeys(stmt, schema)
		q, types, err := translateRead(stmt, schema)
		if err != nil {
			return nil, err
		}
		text, order, ok := liftValues(q, vals)
		if !ok {
			return nil, drivers.ErrNoPlan
		}
		plans[k] = &readPlan{sql: text, order: order, types: types, keys: keys, gen: gen}
	}
	a, b := plans[0], plans[1]
	if a.sql != b.sql || !slices.Equal(a.order, b.order) || !slices.Equal(a.types, b.types) || !maps.Equal(a.keys, b.keys) {
		return nil, drivers.ErrNoPlan
	}
	return a, nil
}

// QueryPlan implements drivers.ReadPlanner.
func (d *Driver) QueryPlan(ctx context.Context, plan drivers.ReadPlan, vals []int64) (*sql.Rows, error) {
	p, ok := plan.(*readPlan)
	if !ok || p.gen != d.readInfo.generation() {
		return nil, drivers.ErrStalePlan
	}
	st, err := d.readStmts.get(ctx, p.sql)
	if err != nil {
		return nil, mapError(err, nil)
	}
	args := make([]any, len(p.order))
	for i, j := range p.order {
		args[i] = vals[j]
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, mapError(err, nil)
	}
	if sink := drivers.ResultTypesOf(ctx); sink != nil {
		*sink = withKeyTypes(rows, p.types, p.keys)
	}
	return rows, nil
}

// planProbes are the probe values of set k for n parameters: nine digits
// in the first set, nineteen in the second, each unlike any other.
func planProbes(k, n int) []int64 {
	base := []int64{900000001, 8000000000000000001}[k]
	vals := make([]int64, n)
	for i := range vals {
		vals[i] = base + 2*int64(i)
	}
	return vals
}

// liftValues replaces each integer token of q that writes one of vals by
// a ?, and returns the parameter index of each. Quoted strings and
// identifiers are skipped; a digit run that is part of a name or of
// another number (1.5, 1e3, 0x1f) is not a token. It fails when a value
// is written nowhere.
func liftValues(q string, vals []int64) (string, []int, bool) {
	index := make(map[string]int, len(vals))
	for i, v := range vals {
		index[strconv.FormatInt(v, 10)] = i
	}
	out := make([]byte, 0, len(q))
	var order []int
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			j := quotedEnd(q, i)
			out = append(out, q[i:j]...)
			i = j
		case c == '[':
			j := i + 1
			for j < len(q) && q[j] != ']' {
				j++
			}
			j = min(j+1, len(q))
			out = append(out, q[i:j]...)
			i = j
		case isNameByte(c) && !isDigit(c):
			j := i
			for j < len(q) && isNameByte(q[j]) {
				j++
			}
			out = append(out, q[i:j]...)
			i = j
		case isDigit(c):
			j := i
			for j < len(q) && isDigit(q[j]) {
				j++
			}
			p, ok := index[q[i:j]]
			if ok && (j == len(q) || !isNameByte(q[j]) && q[j] != '.') {
				out = append(out, '?')
				order = append(order, p)
			} else {
				for j < len(q) && (isNameByte(q[j]) || q[j] == '.') {
					j++
				}
				out = append(out, q[i:j]...)
			}
			i = j
		default:
			out = append(out, c)
			i++
		}
	}
	seen := make([]bool, len(vals))
	for _, p := range order {
		seen[p] = true
	}
	if slices.Contains(seen, false) {
		return "", nil, false
	}
	return string(out), order, true
}

// quotedEnd is the index just past the quoted text that starts at i; a
// doubled quote inside it is the quote itself.
func quotedEnd(q string, i int) int {
	quote := q[i]
	for j := i + 1; j < len(q); j++ {
		if q[j] != quote {
			continue
		}
		if j+1 < len(q) && q[j+1] == quote {
			j++
			continue
		}
		return j + 1
	}
	return len(q)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isNameByte is a byte of an unquoted SQLite name (or of a number's
// suffix): letters, digits, _, $ and every byte of a non-ASCII character.
func isNameByte(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$' || c >= 0x80
}
