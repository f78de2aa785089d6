// Package audittest builds large operation logs for the audit and
// explorer benchmarks. Nothing in the blocksql binary imports it.
//
// A synthetic log is made in two steps. Block 1 is applied by the real
// apply engine: it creates database app and its tables t0…t49 (id INT
// PRIMARY KEY, v INT), so the catalog holds their definitions as on any
// node. Then Statements statements are bulk-inserted straight into the
// operation-log tables (blocks, transactions, statements,
// statement_tables, row_changes) with the columns the engine's log writer
// fills: PerBlock single-statement transactions per block, one block
// every 26 s over 30 days from Start, by Users users, statement k being
// `UPDATE app.t<(k/Users)%Tables> SET v = v + 1 WHERE id = <(k*7919)%Keys>`
// with its row change. Inserting rows directly takes seconds where
// applying a million statements would take many minutes; the rows have
// the shape the engine writes, which is all a reader of the log sees.
package audittest

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
	"github.com/blocksql/blocksql/replay/audit"
)

// The shape of the synthetic log.
const (
	Statements = 1_000_000
	Users      = 20
	Tables     = 50
	Keys       = 10_000
	PerBlock   = 10
)

// Start is the block time of the first synthetic block.
var Start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// StmtTime is the block time of statement k.
func StmtTime(k int) time.Time {
	return Start.Add(time.Duration(k/PerBlock) * (30 * 24 * time.Hour / (Statements / PerBlock)))
}

// Height is the height of the block holding statement k (block 1 is the
// schema).
func Height(k int) int64 { return int64(k/PerBlock) + 2 }

// Tip is the height of the newest block of a log of n statements.
func Tip(n int) int64 { return Height(n - 1) }

// TxHash is the hash of statement k's transaction.
func TxHash(k int) string {
	sum := sha256.Sum256([]byte(strconv.Itoa(k)))
	return hex.EncodeToString(sum[:])
}

// Build writes the schema block with the apply engine, then n synthetic
// statements into d's operation log.
func Build(ctx context.Context, d drivers.Driver, n int) error {
	if err := schemaBlock(ctx, d); err != nil {
		return err
	}
	// One local transaction per 100,000 statements keeps the journal small.
	const batch, perTx = 500, 100_000
	for i := 0; i < n; i += perTx {
		if err := insertRange(ctx, d, i, min(i+perTx, n), batch); err != nil {
			return err
		}
	}
	return nil
}

func insertRange(ctx context.Context, d drivers.Driver, from, to, batch int) error {
	tx, err := d.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i := from; i < to; i += batch {
		for _, q := range insertBatch(d, i, min(batch, to-i)) {
			if err := tx.ExecInternal(ctx, q); err != nil {
				return fmt.Errorf("synthetic log at statement %d: %w", i, err)
			}
		}
	}
	return tx.Commit()
}

func schemaBlock(ctx context.Context, d drivers.Driver) error {
	e, err := replay.New(ctx, d, nil)
	if err != nil {
		return err
	}
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		return err
	}
	stmts := []string{"CREATE DATABASE app"}
	for t := 0; t < Tables; t++ {
		stmts = append(stmts, fmt.Sprintf("CREATE TABLE app.t%d (id INT PRIMARY KEY, v INT)", t))
	}
	var txs [][]byte
	p := replay.NewParser()
	for i, s := range stmts {
		nodes, err := replay.Parse(p, s)
		if err != nil {
			return err
		}
		canon, err := replay.Canonical(nodes[0])
		if err != nil {
			return err
		}
		tx := &consensus.Tx{User: "root", ClientAddr: "127.0.0.1:5000", Nonce: uint64(i + 1),
			Statements: []consensus.Statement{{SQL: s, Canonical: canon}}}
		tx.Sign(key)
		txs = append(txs, tx.Marshal())
	}
	res, _, err := e.ApplyBlock(ctx, consensus.Block{Height: 1, Time: Start.Add(-time.Hour), Hash: []byte("schema"), Txs: txs})
	if err != nil {
		return fmt.Errorf("schema block: %w", err)
	}
	for i, r := range res {
		if !r.OK() {
			return fmt.Errorf("schema block: %q failed: %+v", stmts[i], r)
		}
	}
	return nil
}

// insertBatch writes statements i..i+n as the engine logs them.
func insertBatch(d drivers.Driver, i, n int) []string {
	var blocks, st, tx, tabs, rc []string
	for k := i; k < i+n; k++ {
		h, at := Height(k), StmtTime(k).Format(audit.TimeLayout)
		hash := TxHash(k)
		user, table := fmt.Sprintf("user%d", k%Users), fmt.Sprintf("app.t%d", (k/Users)%Tables)
		key := (k * 7919) % Keys
		if k%PerBlock == 0 {
			blocks = append(blocks, fmt.Sprintf("(%d, '%s', '%064x', '%040x', %d, '%064x')", h, at, h, h%4, PerBlock, h))
		}
		st = append(st, fmt.Sprintf("(%d, '%s', 0, '%s', '%s', '10.0.0.1:5000', 'node', 'app', "+
			"'UPDATE %s SET v = v + 1 WHERE id = %d', '', 'UPDATE %s SET v = v + 1 WHERE id = %d', '%s', 'ok', 0, '', 1, 0)",
			h, hash, at, user, table, key, table, key, table))
		tx = append(tx, fmt.Sprintf("('%s', %d, %d, '%s', '10.0.0.1:5000', 'node', 1, 'ok', 0, '')", hash, h, k%PerBlock, user))
		tabs = append(tabs, fmt.Sprintf("('%s', '%s', %d, '%s', 0)", table, at, h, hash))
		rc = append(rc, fmt.Sprintf("('%s', '[%d]', 'update', '{\"id\":%d,\"v\":%d}', '{\"id\":%d,\"v\":%d}', %d, '%s', 0)",
			table, key, key, k, key, k+1, h, hash))
	}
	out := []string{
		"INSERT INTO " + d.Internal("statements") + " (height, tx_hash, stmt_index, block_time, user, client_addr, node, db," +
			" original_sql, params, applied_sql, tables_touched, outcome, error_code, error_message, rows_affected," +
			" last_insert_id) VALUES " + strings.Join(st, ", "),
		"INSERT INTO " + d.Internal("transactions") + " (tx_hash, height, tx_index, user, client_addr, node," +
			" statement_count, outcome, error_code, error_message) VALUES " + strings.Join(tx, ", "),
		"INSERT INTO " + d.Internal("statement_tables") + " (table_name, block_time, height, tx_hash, stmt_index) VALUES " +
			strings.Join(tabs, ", "),
		"INSERT INTO " + d.Internal("row_changes") + " (table_name, pk, op, row_before, row_after, height, tx_hash," +
			" stmt_index) VALUES " + strings.Join(rc, ", "),
	}
	if len(blocks) > 0 {
		out = append(out, "INSERT INTO "+d.Internal("blocks")+" (height, time, hash, proposer, tx_count, app_hash) VALUES "+
			strings.Join(blocks, ", "))
	}
	return out
}
