package difftest

import (
	"fmt"
	"strings"
)

// Kinds of difference.
const (
	KindError    = "error"    // different error numbers (or one side failed)
	KindAffected = "affected" // rows affected
	KindInsertID = "insertid" // last insert id
	KindColumns  = "columns"  // column count or names
	KindType     = "type"     // a column's type as the driver decodes it
	KindRows     = "rows"     // number of rows
	KindValue    = "value"    // a cell
	KindState    = "state"    // a table's rows after a write, read back
	KindDigest   = "digest"   // state digests of two blocksql nodes
	KindAutoInc  = "autoinc"  // the reference's AUTO_INCREMENT counter, put back
	KindTag      = "tag"      // a PostgreSQL command tag ("INSERT 0 2")
	KindRefusal  = "refusal"  // the blocksql nodes refused a statement differently
)

// Diff is one difference between a target and the reference.
type Diff struct {
	Target string // the target that differs from the reference
	Kind   string
	Index  int // the statement's position in its stream
	Stmt   Stmt
	Col    string // the column (or table) concerned
	// RefType is the reference's type of the column concerned.
	RefType   string
	Want, Got string
	// Ref is the reference's answer to the statement ("ok, ROLLBACK").
	Ref     string
	InTx    bool // the statement ran inside BEGIN … COMMIT/ROLLBACK
	TxWrote bool // an earlier statement of that transaction wrote
	// TxWrites are the tags and tables of the writes of the open
	// transaction, or of the one a COMMIT closed ("tx-insert-odku t1").
	TxWrites []string
	// Tx numbers the transaction the statement ran in or closed (its
	// BEGIN's index + 1); 0 outside one.
	Tx         int
	Deviation  string
	Unexpected bool
}

func (d Diff) String() string {
	col := ""
	if d.Col != "" {
		col = " [" + d.Col
		if d.RefType != "" {
			col += " " + d.RefType
		}
		col += "]"
	}
	return fmt.Sprintf("%s %s%s: want %s, got %s", d.Target, d.Kind, col, d.Want, d.Got)
}

// signature groups differences for reporting and shrinking.
func (d Diff) signature() string { return d.Target + "/" + d.Kind + "/" + d.Stmt.Tag }

// sameAs tells whether d is the difference e again, for shrinking: the
// same signature, error numbers and column.
func (d Diff) sameAs(e Diff) bool {
	if d.signature() != e.signature() || d.Col != e.Col {
		return false
	}
	if d.Kind == KindError {
		return errNumber(d.Want) == errNumber(e.Want) && errNumber(d.Got) == errNumber(e.Got)
	}
	return true
}

func errNumber(s string) string {
	s, _, _ = strings.Cut(s, ":")
	return s
}

// compare lists how got differs from the reference want: the error, or
// else the first difference of each kind.
func compare(want, got Outcome) []Diff {
	if want.failed() || got.failed() {
		if want.Err != got.Err || want.State != got.State {
			return []Diff{{Kind: KindError, Want: want.String(), Got: got.String()}}
		}
		return nil
	}
	var tag []Diff
	if want.Tag != got.Tag {
		tag = []Diff{{Kind: KindTag, Want: want.Tag, Got: got.Tag}}
	}
	if want.Cols == nil || got.Cols == nil {
		return append(tag, compareExec(want, got)...)
	}
	if len(want.Cols) != len(got.Cols) {
		return []Diff{{Kind: KindColumns, Want: colNames(want.Cols), Got: colNames(got.Cols)}}
	}
	var out []Diff
	for i, c := range want.Cols {
		if g := got.Cols[i]; g.Name != c.Name {
			out = append(out, Diff{Kind: KindColumns, Col: c.Name, Want: colNames(want.Cols), Got: colNames(got.Cols)})
			break
		}
	}
	for i, c := range want.Cols {
		if g := got.Cols[i]; g.Type != c.Type {
			out = append(out, Diff{Kind: KindType, Col: c.Name, RefType: c.Type, Want: c.Type, Got: g.Type})
		}
	}
	return append(append(tag, out...), compareRows(want, got)...)
}

func compareExec(want, got Outcome) []Diff {
	var out []Diff
	if want.Cols != nil || got.Cols != nil {
		return []Diff{{Kind: KindColumns, Want: want.String(), Got: got.String()}}
	}
	if want.Affected != got.Affected {
		out = append(out, Diff{Kind: KindAffected, Want: fmt.Sprint(want.Affected), Got: fmt.Sprint(got.Affected)})
	}
	if want.InsertID != got.InsertID {
		out = append(out, Diff{Kind: KindInsertID, Want: fmt.Sprint(want.InsertID), Got: fmt.Sprint(got.InsertID)})
	}
	return out
}

// compareRows reports the first differing cell of each column, or the
// row counts when they differ.
func compareRows(want, got Outcome) []Diff {
	if len(want.Rows) != len(got.Rows) {
		return []Diff{{Kind: KindRows, Want: fmt.Sprintf("%d rows %s", len(want.Rows), clip(want.Rows)),
			Got: fmt.Sprintf("%d rows %s", len(got.Rows), clip(got.Rows))}}
	}
	var out []Diff
	seen := map[int]bool{}
	for r, row := range want.Rows {
		for i, cell := range row {
			if g := got.Rows[r][i]; g != cell && !seen[i] {
				seen[i] = true
				out = append(out, Diff{Kind: KindValue, Col: want.Cols[i].Name, RefType: want.Cols[i].Type,
					Want: cell, Got: g})
			}
		}
	}
	return out
}

func colNames(cols []Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return "(" + strings.Join(names, ", ") + ")"
}

func clip(rows [][]string) string {
	s := fmt.Sprint(rows)
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
