package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/blocksql/blocksql/drivers"
)

var _ drivers.RowCapture = (*Tx)(nil)

var captureOps = []string{drivers.OpInsert, drivers.OpUpdate, drivers.OpDelete}

// captureSQL writes JSON with SQLite's json functions, which produce
// compact text. DECIMAL columns hold their exact text at the declared
// scale, which is the JSON number MariaDB's row prints.
var captureSQL = drivers.CaptureSQL{
	Column:  quoteIdent,
	Literal: func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" },
	Value: func(ref string, c drivers.CaptureColumn) string {
		v := ref + "." + quoteIdent(c.Name)
		switch c.Kind {
		case drivers.KindDecimal:
			return fmt.Sprintf("CASE WHEN %s IS NULL THEN NULL ELSE json(%s) END", v, v)
		case drivers.KindBinary:
			return fmt.Sprintf("CASE WHEN %s IS NULL THEN NULL ELSE hex(%s) END", v, v)
		case drivers.KindBit:
			return fmt.Sprintf("mysql_bit_int(%s)", v)
		}
		// A hex literal stored in a text column is a BLOB here, which
		// JSON cannot hold; MySQL stored it as the text it spells.
		return fmt.Sprintf("CASE WHEN typeof(%s) = 'blob' THEN CAST(%s AS TEXT) ELSE %s END", v, v, v)
	},
	Object:     func(pairs []string) string { return "json_object(" + strings.Join(pairs, ", ") + ")" },
	Array:      func(vals []string) string { return "json_array(" + strings.Join(vals, ", ") + ")" },
	Differs:    func(a, b string) string { return a + " IS NOT " + b },
	RowChanges: quoteIdent(drivers.Schema + ".row_changes"),
	Context:    quoteIdent(drivers.Schema + ".capture_context"),
}

// triggerName is global in an SQLite file, so it carries the table.
func triggerName(db, table, op string) string {
	return quoteIdent(drivers.Schema + ".capture." + physical(db, table) + "." + op)
}

// InstallCapture implements drivers.RowCapture.
func (t *Tx) InstallCapture(ctx context.Context, ct drivers.CaptureTable) error {
	if err := t.RemoveCapture(ctx, ct.DB, ct.Name); err != nil {
		return err
	}
	table := quoteIdent(physical(ct.DB, ct.Name))
	for _, op := range captureOps {
		q := fmt.Sprintf("CREATE TRIGGER %s AFTER %s ON %s FOR EACH ROW BEGIN %s; END",
			triggerName(ct.DB, ct.Name, op), strings.ToUpper(op), table, captureSQL.Insert(ct, op))
		if _, err := t.tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqlite install row capture on %s: %w", ct.Qualified(), err)
		}
	}
	return nil
}

// RemoveCapture implements drivers.RowCapture.
func (t *Tx) RemoveCapture(ctx context.Context, db, table string) error {
	for _, op := range captureOps {
		if _, err := t.tx.ExecContext(ctx, "DROP TRIGGER IF EXISTS "+triggerName(db, table, op)); err != nil {
			return fmt.Errorf("sqlite remove row capture on %s.%s: %w", db, table, err)
		}
	}
	return nil
}

// CaptureDeleteAll implements drivers.RowCapture.
func (t *Tx) CaptureDeleteAll(ctx context.Context, ct drivers.CaptureTable) error {
	q := captureSQL.DeleteAll(ct, quoteIdent(physical(ct.DB, ct.Name)))
	if _, err := t.tx.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("sqlite record deleted rows of %s: %w", ct.Qualified(), err)
	}
	return nil
}
