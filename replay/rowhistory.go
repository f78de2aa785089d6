package replay

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// Option configures an Engine.
type Option func(*Engine)

// WithRowHistory turns row-level history (blocksql.row_changes) on or off.
// The capture triggers stay installed either way, because the AppHash
// covers every changed row (rowstate.go); with history off the engine
// deletes a block's captured rows once it has folded them. Without this
// option the engine keeps the database's setting (on for a new database),
// so opening a database to read it (verify, describing a snapshot,
// restoring one) never changes it.
func WithRowHistory(on bool) Option { return func(e *Engine) { e.history, e.historySet = on, true } }

// ReadOnly opens the engine to read a database a running node may be
// writing (`blocksql digest`): it takes no writer lock
// (drivers.SoleWriter), and must apply no block.
func ReadOnly() Option { return func(e *Engine) { e.reader = true } }

// RowHistory reports whether row history is being recorded.
func (e *Engine) RowHistory() bool { return e.history }

const (
	metaRowHistory = "row_history"
	// metaRowCapture is "1" once every table has its capture triggers,
	// "hook" once none has, the driver capturing rows itself.
	metaRowCapture = "row_capture"
	captureHook    = "hook"
)

// syncRowHistory records the history setting and, on a database that
// lacks them, installs the capture triggers of every table (or, when the
// driver captures rows itself, removes any).
func (e *Engine) syncRowHistory(ctx context.Context) error {
	was, err := e.metaValue(ctx, metaRowHistory)
	if err != nil {
		return err
	}
	if !e.historySet && was != "" {
		e.history = was == "1"
	}
	want := "0"
	if e.history {
		want = "1"
	}
	capture := "1"
	if driverHook(e.drv) {
		capture = captureHook
	}
	installed, err := e.metaValue(ctx, metaRowCapture)
	if err != nil || (was == want && installed == capture) {
		return err
	}
	dtx, err := e.drv.Begin(ctx)
	if err != nil {
		return fmt.Errorf("row capture: begin: %w", err)
	}
	if err := e.installAllCapture(ctx, dtx, capture == captureHook); err == nil {
		err = dtx.ExecInternal(ctx, "REPLACE INTO "+e.drv.Internal("meta")+" (k, v) VALUES (?, ?), (?, ?)",
			metaRowHistory, []byte(want), metaRowCapture, []byte(capture))
		if err != nil {
			err = fmt.Errorf("row capture: %w", err)
		}
	}
	if err != nil {
		_ = dtx.Rollback()
		return err
	}
	return dtx.Commit()
}

// driverHook reports whether drv captures row changes itself.
func driverHook(drv drivers.Driver) bool {
	h, ok := drv.(interface{ RowHookActive() bool })
	return ok && h.RowHookActive()
}

// installAllCapture installs every table's triggers, or with hook set
// removes them.
func (e *Engine) installAllCapture(ctx context.Context, dtx drivers.Tx, hook bool) error {
	rc, err := rowCapture(dtx)
	if err != nil {
		return err
	}
	// The triggers copy the one context row; without it they record nothing.
	if err := dtx.ExecInternal(ctx, "REPLACE INTO "+e.drv.Internal("capture_context")+" (id) VALUES (1)"); err != nil {
		return fmt.Errorf("row capture context: %w", err)
	}
	s := e.pub.Load()
	keys := make([]string, 0, len(s.tables))
	for k := range s.tables {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t := s.tables[k]
		if hook {
			err = rc.RemoveCapture(ctx, t.DB, t.Name)
		} else {
			err = rc.InstallCapture(ctx, captureTable(t))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (e *Engine) metaValue(ctx context.Context, key string) (string, error) {
	rows, err := e.drv.QueryInternal(ctx, "SELECT v FROM "+e.drv.Internal("meta")+" WHERE k = ?", key)
	if err != nil {
		return "", fmt.Errorf("read meta %s: %w", key, err)
	}
	defer rows.Close()
	var v []byte
	if rows.Next() {
		if err := rows.Scan(&v); err != nil {
			return "", fmt.Errorf("read meta %s: %w", key, err)
		}
	}
	return string(v), rows.Err()
}

func rowCapture(dtx drivers.Tx) (drivers.RowCapture, error) {
	rc, ok := dtx.(drivers.RowCapture)
	if !ok {
		return nil, errors.New("row history: the database driver cannot capture row changes")
	}
	return rc, nil
}

// captureContext tells the capture triggers which statement is running,
// or turns the driver's capture on.
func (a *txApply) captureContext(ctx context.Context, j int) error {
	if h := a.rows.hook; h != nil {
		h.CaptureRows(true)
		return nil
	}
	err := a.dtx.ExecInternal(ctx, "UPDATE "+a.e.drv.Internal("capture_context")+
		" SET height = ?, tx_hash = ?, stmt_index = ? WHERE id = 1", a.block.Height, hex.EncodeToString(a.hash[:]), j)
	if err != nil {
		return fmt.Errorf("row history context: %w", err)
	}
	return nil
}

// endCapture ends a statement: the driver's capture is turned off and what
// it captured becomes the statement's. A no-op with triggers.
func (a *txApply) endCapture(ctx context.Context) error {
	h := a.rows.hook
	if h == nil {
		return nil
	}
	h.CaptureRows(false)
	return a.rows.take(ctx, a.index, a.stmtIndex)
}

// ddlCapture keeps the capture triggers in step with a DDL statement:
// before it runs, triggers of the tables it changes are removed (a rename
// or a dropped column would break them); after, they are installed for the
// tables as they now are. undo reinstalls the removed ones if it failed.
type ddlCapture struct {
	rc            drivers.RowCapture
	before, after []*TableDef
}

func (a *txApply) prepareDDLCapture(ctx context.Context, stmt ast.StmtNode, next *schema) (*ddlCapture, error) {
	switch stmt.(type) {
	case *ast.CreateIndexStmt, *ast.DropIndexStmt, *ast.DropTableStmt, *ast.DropDatabaseStmt:
		return nil, nil
	}
	if a.rows.hook != nil {
		// No triggers to keep in step; TRUNCATE (a DELETE on SQLite)
		// reports its rows to the hook like any DELETE.
		if _, ok := stmt.(*ast.TruncateTableStmt); ok {
			return nil, a.captureContext(ctx, a.stmtIndex)
		}
		return nil, nil
	}
	rc, err := rowCapture(a.dtx)
	if err != nil {
		return nil, err
	}
	c := &ddlCapture{rc: rc}
	for _, k := range changedTables(a.sch, next) {
		if t := a.sch.tables[k]; t != nil {
			c.before = append(c.before, t)
		}
		if t := next.tables[k]; t != nil {
			c.after = append(c.after, t)
		}
	}
	if _, ok := stmt.(*ast.TruncateTableStmt); ok {
		if err := a.captureContext(ctx, a.stmtIndex); err != nil {
			return nil, err
		}
		return c, c.truncate(ctx)
	}
	return c, c.remove(ctx)
}

func changedTables(old, cur *schema) []string {
	var keys []string
	for k, t := range cur.tables {
		if old.tables[k] != t {
			keys = append(keys, k)
		}
	}
	for k := range old.tables {
		if _, ok := cur.tables[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

func (c *ddlCapture) remove(ctx context.Context) error {
	for _, t := range c.before {
		if err := c.rc.RemoveCapture(ctx, t.DB, t.Name); err != nil {
			return err
		}
	}
	return nil
}

// truncate records the rows TRUNCATE removes: it fires no triggers on
// MariaDB, and on SQLite (where it is a DELETE) the removed triggers keep
// it from recording them twice.
func (c *ddlCapture) truncate(ctx context.Context) error {
	if err := c.remove(ctx); err != nil {
		return err
	}
	for _, t := range c.before {
		if err := c.rc.CaptureDeleteAll(ctx, captureTable(t)); err != nil {
			return err
		}
	}
	return nil
}

func (c *ddlCapture) done(ctx context.Context, failed bool) error {
	if c == nil {
		return nil
	}
	tables := c.after
	if failed {
		tables = c.before
	}
	for _, t := range tables {
		if err := c.rc.InstallCapture(ctx, captureTable(t)); err != nil {
			return err
		}
	}
	return nil
}

// captureTable describes t for the driver, with each column's JSON kind
// derived from its MySQL type.
func captureTable(t *TableDef) drivers.CaptureTable {
	ct := drivers.CaptureTable{DB: t.DB, Name: t.Name, PrimaryKey: t.PrimaryKey}
	for _, c := range t.Columns {
		ct.Columns = append(ct.Columns, captureColumn(c))
	}
	return ct
}

func captureColumn(c ColumnDef) drivers.CaptureColumn {
	base, args := splitType(c.Type)
	out := drivers.CaptureColumn{Name: c.Name}
	switch base {
	case "decimal", "numeric", "dec", "fixed":
		out.Kind = drivers.KindDecimal
		if parts := strings.Split(args, ","); len(parts) == 2 {
			out.Scale, _ = strconv.Atoi(strings.TrimSpace(parts[1]))
		}
	case "binary", "varbinary", "blob", "tinyblob", "mediumblob", "longblob":
		out.Kind = drivers.KindBinary
	case "bit":
		out.Kind = drivers.KindBit
	case "json":
		out.Kind = drivers.KindJSON
	case "float", "year":
		out.Kind, out.Numeric = drivers.KindNumber, true
	case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "bool", "boolean",
		"double", "real":
		out.Numeric = true
	}
	return out
}
