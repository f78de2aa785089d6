package replay

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// loadSchema reads the catalog blocksql keeps in its own tables. A row with
// an empty name records a database.
func loadSchema(ctx context.Context, drv drivers.Driver) (*schema, error) {
	s := newSchema()
	rows, err := drv.QueryInternal(ctx, "SELECT db, name, def FROM "+drv.Internal("catalog"))
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var db, name, def string
		if err := rows.Scan(&db, &name, &def); err != nil {
			return nil, fmt.Errorf("load catalog: %w", err)
		}
		if name == "" {
			s.dbs[db] = def
			continue
		}
		t, err := unmarshalDef(def)
		if err != nil {
			return nil, fmt.Errorf("load catalog %s.%s: %w", db, name, err)
		}
		if t.View != nil {
			s.views[viewKey(t.DB, t.Name)] = t
			continue
		}
		s.tables[tableKey(t.DB, t.Name)] = t
	}
	return s, rows.Err()
}

// saveSchema writes what changed between the published schema and the
// block's, in the block's transaction.
func saveSchema(ctx context.Context, dtx drivers.Tx, drv drivers.Driver, old, cur *schema) error {
	table := drv.Internal("catalog")
	for k, name := range cur.dbs {
		if _, ok := old.dbs[k]; !ok {
			if err := dtx.ExecInternal(ctx, "REPLACE INTO "+table+" (db, name, def) VALUES (?, '', ?)", k, name); err != nil {
				return fmt.Errorf("save catalog: %w", err)
			}
		}
	}
	for k := range old.dbs {
		if _, ok := cur.dbs[k]; !ok {
			if err := dtx.ExecInternal(ctx, "DELETE FROM "+table+" WHERE db = ?", k); err != nil {
				return fmt.Errorf("save catalog: %w", err)
			}
		}
	}
	// Deletions first: a view may take the name of a dropped table in the
	// same block, or a table that of a dropped view.
	if err := deleteDefs(ctx, dtx, table, old.tables, cur.tables); err != nil {
		return err
	}
	if err := deleteDefs(ctx, dtx, table, old.views, cur.views); err != nil {
		return err
	}
	if err := saveDefs(ctx, dtx, table, old.tables, cur.tables); err != nil {
		return err
	}
	return saveDefs(ctx, dtx, table, old.views, cur.views)
}

// saveDefs writes the table or view definitions that changed.
func saveDefs(ctx context.Context, dtx drivers.Tx, table string, old, cur map[string]*TableDef) error {
	for k, t := range cur {
		if old[k] != t {
			if err := saveTable(ctx, dtx, table, t); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteDefs deletes the definitions that are gone.
func deleteDefs(ctx context.Context, dtx drivers.Tx, table string, old, cur map[string]*TableDef) error {
	for k, t := range old {
		if _, ok := cur[k]; !ok {
			if err := dtx.ExecInternal(ctx, "DELETE FROM "+table+" WHERE db = ? AND name = ?",
				strings.ToLower(t.DB), strings.ToLower(t.Name)); err != nil {
				return fmt.Errorf("save catalog: %w", err)
			}
		}
	}
	return nil
}

func saveTable(ctx context.Context, dtx drivers.Tx, table string, t *TableDef) error {
	if t.View != nil {
		t.CreateSQL = t.View.ShowCreate(t.Name)
	} else {
		t.CreateSQL = showCreate(t)
	}
	def, err := marshalDef(t)
	if err != nil {
		return err
	}
	err = dtx.ExecInternal(ctx, "REPLACE INTO "+table+" (db, name, def) VALUES (?, ?, ?)",
		strings.ToLower(t.DB), strings.ToLower(t.Name), def)
	if err != nil {
		return fmt.Errorf("save catalog %s.%s: %w", t.DB, t.Name, err)
	}
	return nil
}

func writeBlock(ctx context.Context, dtx drivers.Tx, drv drivers.Driver, b *consensus.Block, appHash []byte) error {
	err := dtx.ExecInternal(ctx, "INSERT INTO "+drv.Internal("blocks")+
		" (height, time, hash, proposer, tx_count, app_hash) VALUES (?, ?, ?, ?, ?, ?)",
		b.Height, blockTime(b.Time), hex.EncodeToString(b.Hash), hex.EncodeToString(b.Proposer),
		len(b.Txs), hex.EncodeToString(appHash))
	if err != nil {
		return fmt.Errorf("log block: %w", err)
	}
	return nil
}

func blockTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000000") }

// writeTx logs a transaction and its statements, whatever their outcome,
// in the block's operation-log batch. Each statement is logged with its
// own context: a grouped transaction's come from different sessions, and
// its own row says only how many of them failed.
func writeTx(a *txApply, res *consensus.TxResult) {
	tx, batch := a.tx, a.oplog
	// The values every row of the transaction shares are boxed once: a
	// value put in an interface is a copy on the heap.
	txHash, height := any(hex.EncodeToString(a.hash[:])), any(a.block.Height)
	node := any(hex.EncodeToString(tx.Node))
	outcome, code, msg := txOutcome(tx, res)
	batch.add(&txLogTable, txHash, height, a.index, tx.User, tx.ClientAddr, node, len(tx.Statements), outcome, code, msg)
	a.seen[a.hash] = true
	bt := any(blockTime(a.block.Time))
	var ctx consensus.Context
	var user, addr, db any
	var stmtOutcome, tables any // as the previous statement's, boxed once
	for j := range tx.Statements {
		st, r, lg := &tx.Statements[j], res.Statements[j], a.logs[j]
		if c := tx.ContextOf(j); j == 0 || c != ctx {
			ctx, user, addr, db = c, c.User, c.ClientAddr, c.Database
		}
		if stmtOutcome == nil || stmtOutcome.(string) != lg.outcome {
			stmtOutcome = lg.outcome
		}
		if t := strings.Join(lg.tables, ","); tables == nil || tables.(string) != t {
			tables = t
		}
		batch.add(&stmtLogTable, height, txHash, j, bt, user, addr, node, db,
			logText(st.SQL), a.pre.params(j, st), logText(lg.applied), tables, stmtOutcome,
			int(r.Code), logText(r.Message), int64(r.RowsAffected), int64(r.LastInsertID))
		for _, t := range uniqueLower(lg.tables) {
			batch.add(&stmtTablesLogTable, t, bt, height, txHash, j)
		}
	}
}

// txOutcome is a transaction's row in the log: ok, or error with the
// failing statement's code and message; a grouped transaction whose
// statements did not all succeed is "partial" (each statement's row has
// its own outcome).
func txOutcome(tx *consensus.Tx, res *consensus.TxResult) (string, int, string) {
	if !res.OK() {
		f := res.Statements[res.Failed]
		return "error", int(f.Code), f.Message
	}
	failed := 0
	for _, s := range res.Statements {
		if s.Code != 0 {
			failed++
		}
	}
	if failed > 0 {
		return "partial", 0, fmt.Sprintf("%d of the %d grouped statements failed", failed, len(tx.Statements))
	}
	return "ok", 0, ""
}

// logText is s for the log's text columns, which hold UTF-8 on every
// backend (MariaDB refuses anything else, and would halt the node): a byte
// that is not part of valid UTF-8 (a binary literal a client wrote into
// its SQL) is written \xHH, as MariaDB prints such bytes in messages.
func logText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			fmt.Fprintf(&b, "\\x%02X", s[i])
			i++
			continue
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// logParams is a statement's params column: the parameters the client
// bound, none for an inline statement (its text shows them; the session
// lifted them, consensus.Statement.Inline).
func logParams(st *consensus.Statement) string {
	if st.Inline {
		return ""
	}
	return paramsJSON(st.Params)
}

// paramsJSON renders bound parameters for auditors.
func paramsJSON(ps []consensus.Value) string {
	if len(ps) == 0 {
		return ""
	}
	out := make([]any, len(ps))
	for i, v := range ps {
		switch v.Kind {
		case consensus.KindInt:
			out[i] = v.Int
		case consensus.KindUint:
			out[i] = v.Uint
		case consensus.KindFloat:
			out[i] = v.Float
		case consensus.KindString:
			out[i] = string(v.Bytes)
		case consensus.KindBytes:
			out[i] = "0x" + hex.EncodeToString(v.Bytes)
		}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// uniqueLower lower-cases table names and drops repeats (a self-join
// names its table twice).
func uniqueLower(names []string) []string {
	if len(names) == 1 && strings.ToLower(names[0]) == names[0] {
		return names // the common case, without a map
	}
	seen := make(map[string]bool, len(names))
	out := names[:0:0]
	for _, n := range names {
		n = strings.ToLower(n)
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
