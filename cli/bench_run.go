package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// benchPreloadChunk rows go in one multi-row INSERT while preloading. At
// about 200 bytes a row the statement stays under 64 KiB, the size of the
// operation log's SQL text column on a MariaDB node.
const benchPreloadChunk = 200

// benchGrace bounds how long operations still running at the end of a
// cell may take before the cell gives up on them.
const benchGrace = time.Minute

// runSQLTarget runs every selected workload at every client count on t.
// health, when set, is asked after each cell whether the target is still
// trustworthy.
func runSQLTarget(ctx context.Context, o benchOptions, t *sqlTarget, rep *benchReport, health func() error) error {
	if err := t.setup(ctx); err != nil {
		return fmt.Errorf("%s: create schema: %w", t.name, err)
	}
	for _, name := range o.workloads {
		for _, w := range benchWorkloads[name] {
			if err := runSQLWorkload(ctx, o, t, w, rep, health); err != nil {
				return err
			}
		}
	}
	return nil
}

func runSQLWorkload(ctx context.Context, o benchOptions, t *sqlTarget, w benchWorkload, rep *benchReport, health func() error) error {
	table := t.dialect.table(w.table)
	rows, err := benchCreateTable(ctx, t, table, w, o.preload)
	if err != nil {
		return fmt.Errorf("%s %s: prepare table: %w", t.name, w.name, err)
	}
	d := time.Duration(float64(o.duration) * w.share)
	for _, clients := range o.clients {
		fmt.Fprintf(o.progress, "  %-14s %-16s %4d clients ...\n", t.name, w.name, clients)
		cell, err := runSQLCell(ctx, t, w, table, clients, d, rows, o.preload)
		if err != nil {
			return fmt.Errorf("%s %s %d clients: %w", t.name, w.name, clients, err)
		}
		rep.add(cell)
		rows = *cell.RowsActual
		if health != nil {
			if err := health(); err != nil {
				return err
			}
		}
	}
	return nil
}

// benchCreateTable makes a fresh table for w and preloads it if w needs
// rows; it returns the row count.
func benchCreateTable(ctx context.Context, t *sqlTarget, table string, w benchWorkload, preload int) (int64, error) {
	pools, err := t.openPools(4)
	if err != nil {
		return 0, err
	}
	defer benchClosePools(pools)
	for _, q := range t.dialect.create(table) {
		if _, err := pools[0].ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("%s: %w", q, err)
		}
	}
	if w.preload {
		if err := benchPreload(ctx, pools[0], table, preload); err != nil {
			return 0, err
		}
	}
	return benchCount(ctx, pools[0], table)
}

// benchPreload inserts n rows with ids 1..n, a few chunks at a time.
func benchPreload(ctx context.Context, db *sql.DB, table string, n int) error {
	chunks := make(chan int, n/benchPreloadChunk+1)
	for done := 0; done < n; done += benchPreloadChunk {
		chunks <- min(benchPreloadChunk, n-done)
	}
	close(chunks)
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for w := range errs {
		rng := rand.New(rand.NewPCG(uint64(w), 1))
		wg.Go(func() {
			for rows := range chunks {
				if errs[w] == nil {
					errs[w] = benchInsertRows(ctx, db, table, rows, rng)
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func benchInsertRows(ctx context.Context, db *sql.DB, table string, rows int, rng *rand.Rand) error {
	args := make([]any, 0, 3*rows)
	for range rows {
		args = append(args, benchRow(rng)...)
	}
	_, err := db.ExecContext(ctx, benchMultiInsertSQL(table, rows), args...)
	return err
}

// benchCountAfterAll counts the table's rows on the first node once it
// has applied every block any node has: a write acknowledged by another
// node may be in a block the first one has not applied yet.
func benchCountAfterAll(ctx context.Context, pools []*sql.DB, table string) (int64, error) {
	if len(pools) == 1 {
		return benchCount(ctx, pools[0], table)
	}
	var top int64
	for _, p := range pools {
		var h int64
		if err := p.QueryRowContext(ctx, "SELECT @@blocksql_applied_height").Scan(&h); err != nil {
			return 0, err
		}
		top = max(top, h)
	}
	conn, err := pools[0].Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("SET @@blocksql_wait_height = %d", top)); err != nil {
		return 0, err
	}
	var n int64
	err = conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n)
	return n, err
}

func benchCount(ctx context.Context, db *sql.DB, table string) (int64, error) {
	var n int64
	err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n)
	return n, err
}

// runSQLCell measures w with clients connections for d, then counts the
// table's rows: before, plus every row an acknowledged insert wrote.
func runSQLCell(ctx context.Context, t *sqlTarget, w benchWorkload, table string, clients int, d time.Duration, before int64, preload int) (benchCell, error) {
	pools, err := t.openPools(clients)
	if err != nil {
		return benchCell{}, err
	}
	defer benchClosePools(pools)
	s, err := benchMeasureClients(ctx, pools, w, table, clients, d, preload, t.cpuUsed)
	if err != nil {
		return benchCell{}, err
	}
	cell := s.cell(t.name, w.name, clients)
	actual, err := benchCountAfterAll(ctx, pools, table)
	if err != nil {
		return cell, fmt.Errorf("count rows: %w", err)
	}
	expected := before
	if w.adds {
		expected += cell.Rows
	}
	cell.RowsExpected, cell.RowsActual = &expected, &actual
	return cell, nil
}

// benchMeasureClients connects the clients, runs the cell and gives the
// connections back to the pools.
func benchMeasureClients(ctx context.Context, pools []*sql.DB, w benchWorkload, table string, clients int, d time.Duration, preload int, cpu func() time.Duration) (benchSample, error) {
	cs, err := benchConnect(ctx, pools, clients, table, preload, w)
	defer benchDisconnect(cs)
	if err != nil {
		return benchSample{}, err
	}
	ops := make([]benchOp, len(cs))
	for i, c := range cs {
		ops[i] = func(ctx context.Context) (int, error) { return w.op(ctx, c) }
	}
	s := benchMeasure(ctx, ops, d, cpu)
	for _, c := range cs {
		s.retries += c.retries
	}
	return s, nil
}

// benchConnect opens every client's connection before the cell starts, a
// few at a time, spreading clients over the pools round robin.
func benchConnect(ctx context.Context, pools []*sql.DB, clients int, table string, preload int, w benchWorkload) ([]*benchClient, error) {
	cs := make([]*benchClient, clients)
	errs := make([]error, clients)
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	for i := range cs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			cs[i], errs[i] = benchOpenClient(ctx, pools[i%len(pools)], i, clients, table, preload, w)
		})
	}
	wg.Wait()
	return cs, errors.Join(errs...)
}

func benchOpenClient(ctx context.Context, db *sql.DB, i, clients int, table string, preload int, w benchWorkload) (*benchClient, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect client %d: %w", i, err)
	}
	c := &benchClient{conn: conn, table: table, idx: i, clients: clients, preload: preload,
		rng: rand.New(rand.NewPCG(uint64(i), uint64(time.Now().UnixNano())))}
	if w.prepare != nil {
		if err := w.prepare(ctx, c); err != nil {
			conn.Close()
			return nil, fmt.Errorf("prepare client %d: %w", i, err)
		}
	}
	return c, nil
}

func benchDisconnect(cs []*benchClient) {
	for _, c := range cs {
		if c == nil {
			continue
		}
		if c.sel != nil {
			c.sel.Close()
		}
		c.conn.Close()
	}
}

// benchOp is one client's operation; it returns the rows it wrote.
type benchOp func(ctx context.Context) (int, error)

// benchSample is what one cell measured.
type benchSample struct {
	lat      []time.Duration // of successful operations
	ops      int64
	rows     int64
	errs     int64
	retries  int64 // transactions retried after 1213
	firstErr error
	wall     time.Duration
	cpu      time.Duration
	rss      int64 // bytes
}

// benchMeasure runs every op in its own goroutine until d has passed.
// Operations running at the deadline finish and count: cutting them off
// would leave their outcome, and so the row count, unknown. cpu says how
// much CPU time has been used (benchCPU: this process's).
func benchMeasure(ctx context.Context, ops []benchOp, d time.Duration, cpu func() time.Duration) benchSample {
	ctx, cancel := context.WithTimeout(ctx, d+benchGrace)
	defer cancel()
	rssReset := benchResetPeakRSS()
	cpu0 := cpu()
	start := time.Now()
	deadline := start.Add(d)
	per := make([]benchSample, len(ops))
	var wg sync.WaitGroup
	for i, op := range ops {
		wg.Go(func() { per[i] = benchLoop(ctx, op, deadline) })
	}
	wg.Wait()
	s := benchMerge(per)
	s.wall = time.Since(start)
	s.cpu = cpu() - cpu0
	s.rss = benchPeakRSS(rssReset)
	return s
}

func benchLoop(ctx context.Context, op benchOp, deadline time.Time) benchSample {
	var s benchSample
	for t0 := time.Now(); t0.Before(deadline) && ctx.Err() == nil; t0 = time.Now() {
		rows, err := op(ctx)
		if err != nil {
			s.errs++
			if s.firstErr == nil {
				s.firstErr = err
			}
			continue
		}
		s.lat = append(s.lat, time.Since(t0))
		s.ops++
		s.rows += int64(rows)
	}
	return s
}

func benchMerge(per []benchSample) benchSample {
	var s benchSample
	for _, p := range per {
		s.lat = append(s.lat, p.lat...)
		s.ops += p.ops
		s.rows += p.rows
		s.errs += p.errs
		if s.firstErr == nil {
			s.firstErr = p.firstErr
		}
	}
	return s
}

// cpuUsed is the CPU time t and its clients have used.
func (t *sqlTarget) cpuUsed() time.Duration {
	if t.cpu != nil {
		return t.cpu()
	}
	return benchCPU()
}
