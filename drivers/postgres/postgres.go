// Package postgres is the native backend of a postgres-dialect chain: a
// real PostgreSQL database per node. Statements arrive as canonical
// PostgreSQL text that the apply engine has already made deterministic
// (see replay/pgdialect.go), with their parameters as text, and run
// unchanged; errors keep PostgreSQL's SQLSTATE.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/blocksql/blocksql/drivers"
)

// Driver is one PostgreSQL database a node applies blocks to. User tables
// live in its public schema, blocksql's own tables in schema blocksql.
type Driver struct {
	pool *pgxpool.Pool
	// reads is the frontend's pool: its sessions are read-only, so a read
	// cannot change the local database behind the chain's back (a CTE
	// holding a DELETE, nextval(), setval() … fail with 25006).
	reads *pgxpool.Pool
	// writer holds the connection local transactions run on once the
	// engine called LockWriter (writer.go).
	writer drivers.SoleConn[*pgxpool.Conn]
}

var _ drivers.TextDriver = (*Driver)(nil)

// Open connects to the database dsn names (a libpq URL or key=value
// string). Sessions run in UTC so every node prints and parses times alike.
func Open(ctx context.Context, dsn string) (*Driver, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres dsn: %w", err)
	}
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	cfg.ConnConfig.RuntimeParams["datestyle"] = "ISO, MDY"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	rcfg := cfg.Copy()
	rcfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	reads, err := pgxpool.NewWithConfig(ctx, rcfg)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &Driver{pool: pool, reads: reads}, nil
}

// Name implements drivers.TextDriver.
func (d *Driver) Name() string { return "postgres" }

// Pool is the connection pool the PostgreSQL frontend reads through; its
// sessions are read-only.
func (d *Driver) Pool() *pgxpool.Pool { return d.reads }

// internalDDL are blocksql's own tables on PostgreSQL: the chain's
// bookkeeping and its operation log.
var internalDDL = []string{
	`CREATE SCHEMA IF NOT EXISTS blocksql`,
	`CREATE TABLE IF NOT EXISTS blocksql.meta (k text PRIMARY KEY, v bytea)`,
	`CREATE TABLE IF NOT EXISTS blocksql.blocks (height bigint PRIMARY KEY, time text, hash text,
		proposer text, tx_count int, app_hash text)`,
	`CREATE TABLE IF NOT EXISTS blocksql.statements (height bigint, tx_hash text, stmt_index int,
		block_time text, "user" text, client_addr text, original_sql text, params text, applied_sql text,
		outcome text, sqlstate text, error_message text, rows_affected bigint,
		PRIMARY KEY (height, tx_hash, stmt_index))`,
	`CREATE TABLE IF NOT EXISTS blocksql.statement_tables (table_name text, height bigint, tx_hash text, stmt_index int,
		PRIMARY KEY (height, tx_hash, stmt_index, table_name))`,
	`CREATE INDEX IF NOT EXISTS statement_tables_height ON blocksql.statement_tables (table_name, height)`,
	`CREATE TABLE IF NOT EXISTS blocksql.transactions (tx_hash text PRIMARY KEY, height bigint, tx_index int,
		"user" text, client_addr text, statement_count int, outcome text, sqlstate text, error_message text)`,
}

// Init implements drivers.TextDriver.
func (d *Driver) Init(ctx context.Context) error {
	for _, q := range append(internalDDL, captureDDL...) {
		if _, err := d.pool.Exec(ctx, q); err != nil {
			return fmt.Errorf("postgres init: %w", err)
		}
	}
	return nil
}

// Begin implements drivers.TextDriver.
// On the writer's connection once the engine locked it
// (drivers.SoleWriter).
func (d *Driver) Begin(ctx context.Context) (drivers.TextTx, error) {
	if d.writer.On() {
		tx, err := d.beginWriter(ctx)
		if err != nil {
			return nil, err
		}
		return &Tx{tx: tx, writer: &d.writer}, nil
	}
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return &Tx{tx: tx}, nil
}

// Close implements drivers.TextDriver.
func (d *Driver) Close() error {
	d.writer.Close()
	d.reads.Close()
	d.pool.Close()
	return nil
}

// Tx is the local transaction one block is applied in.
type Tx struct {
	tx pgx.Tx
	// writer, when set, is the writer's connection tx runs on, which
	// Commit and Rollback give back.
	writer *drivers.SoleConn[*pgxpool.Conn]
}

// PgConn is the connection the transaction runs on, for a frontend that
// passes a read's rows through in the client's formats.
func (t *Tx) PgConn() *pgconn.PgConn { return t.tx.Conn().PgConn() }

// ExecText implements drivers.TextTx: sql runs with params bound in text
// format (nil is NULL); the server infers their types as it would for a
// client's own prepared statement.
func (t *Tx) ExecText(ctx context.Context, sql string, params [][]byte) (drivers.Result, error) {
	rr := t.tx.Conn().PgConn().ExecParams(ctx, sql, params, nil, nil, nil)
	res := drivers.Result{AppliedSQL: sql}
	for _, f := range rr.FieldDescriptions() {
		res.ReturnedNames = append(res.ReturnedNames, f.Name)
		res.ReturnedOIDs = append(res.ReturnedOIDs, f.DataTypeOID)
	}
	for rr.NextRow() {
		row := make([][]byte, len(rr.Values()))
		for i, v := range rr.Values() {
			if v != nil {
				row[i] = append([]byte{}, v...) // the reader reuses its buffer
			}
		}
		res.Returned = append(res.Returned, row)
	}
	tag, err := rr.Close()
	if err != nil {
		return drivers.Result{}, sqlError(err)
	}
	res.RowsAffected = tag.RowsAffected()
	return res, nil
}

// Exec runs internal SQL (blocksql's own tables).
func (t *Tx) Exec(ctx context.Context, sql string, args ...any) error {
	_, err := t.tx.Exec(ctx, sql, args...)
	return err
}

// QueryStrings implements drivers.TextTx.
func (t *Tx) QueryStrings(ctx context.Context, sql string, args ...any) ([]string, error) {
	rows, err := t.tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// SaveSequences implements drivers.SequenceKeeper: it records each
// sequence's state in a table of the transaction.
func (t *Tx) SaveSequences(ctx context.Context) error {
	return t.Exec(ctx, `CREATE TEMP TABLE blocksql_sequences ON COMMIT DROP AS
		SELECT c.oid AS seq, pg_sequence_last_value(c.oid) AS last FROM pg_class c WHERE c.relkind = 'S'`)
}

// RestoreSequences implements drivers.SequenceKeeper: setval puts each
// sequence back, which the rollback that follows does not undo.
func (t *Tx) RestoreSequences(ctx context.Context) error {
	return t.Exec(ctx, `SELECT CASE WHEN s.last IS NULL THEN setval(s.seq, p.seqstart, false) ELSE setval(s.seq, s.last, true) END
		FROM blocksql_sequences s JOIN pg_sequence p ON p.seqrelid = s.seq
		WHERE pg_sequence_last_value(s.seq) IS DISTINCT FROM s.last`)
}

var _ drivers.SequenceKeeper = (*Tx)(nil)

// Savepoint implements drivers.TextTx.
func (t *Tx) Savepoint(ctx context.Context, name string) error {
	return t.Exec(ctx, "SAVEPOINT "+name)
}

// RollbackTo implements drivers.TextTx.
func (t *Tx) RollbackTo(ctx context.Context, name string) error {
	return t.Exec(ctx, "ROLLBACK TO SAVEPOINT "+name)
}

// Release implements drivers.TextTx.
func (t *Tx) Release(ctx context.Context, name string) error {
	return t.Exec(ctx, "RELEASE SAVEPOINT "+name)
}

// Commit implements drivers.TextTx.
func (t *Tx) Commit() error { return t.done(t.tx.Commit(context.Background())) }

// Rollback implements drivers.TextTx.
func (t *Tx) Rollback() error { return t.done(t.tx.Rollback(context.Background())) }

// done gives the writer's connection back; one whose transaction failed
// to end is not trusted again.
func (t *Tx) done(err error) error {
	if t.writer != nil {
		t.writer.Done(err != nil)
		t.writer = nil
	}
	return err
}

// sqlError turns a PostgreSQL error every node hits alike (any SQLSTATE
// class but connection, resource and internal failures) into a
// *drivers.Error keeping its SQLSTATE; anything else halts the node.
func sqlError(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || infrastructure(pe.Code) {
		return err
	}
	code := uint16(drivers.ErUnknown)
	if pe.Code == "23505" {
		code = drivers.ErDupEntry
	}
	msg := pe.Message
	if pe.Detail != "" {
		msg += ": " + pe.Detail
	}
	return &drivers.Error{Code: code, State: pe.Code, Message: msg}
}

// infrastructure reports SQLSTATE classes that describe the node, not the
// statement: connection (08), resources (53), operator intervention (57),
// system (58) and internal errors (XX).
func infrastructure(state string) bool {
	for _, c := range []string{"08", "53", "57", "58", "XX"} {
		if strings.HasPrefix(state, c) {
			return true
		}
	}
	return false
}
