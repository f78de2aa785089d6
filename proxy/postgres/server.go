// Package postgres is the PostgreSQL wire-protocol frontend of a
// postgres-dialect chain (pgproto3): startup, password authentication, the
// simple and extended query protocols. Writes become chain transactions
// through the same Submit as the MySQL frontend; reads, and the
// descriptions of prepared statements, are answered by the node's local
// PostgreSQL database.
package postgres

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/proxy"
)

// Config is the frontend's configuration.
type Config struct {
	// Users maps user names to password hashes (PasswordHash) or "" for
	// no password (then only from a loopback address).
	Users map[string]string
	// Auth is AuthSCRAM (default), AuthMD5 or AuthCleartext.
	Auth string
	// Database is the logical database name recorded with each write.
	Database string
	// MaxMessageBytes bounds one message from a client (64 MiB when 0);
	// a longer one closes the connection before its body is read.
	MaxMessageBytes int
	// MaxConnections bounds the open client connections (1,000 when 0);
	// one more is refused with 53300 (too_many_connections).
	MaxConnections int
	// ConnectTimeout bounds the startup and login (10 s when 0).
	ConnectTimeout time.Duration
	// TLS, when set, is offered to clients that ask (sslmode=prefer or
	// require); RequireTLS refuses those that do not.
	TLS        *tls.Config
	RequireTLS bool
	// Speculator answers the statements of explicit transactions (txn.go);
	// without one BEGIN is refused.
	Speculator Speculator
	// Results bounds the memory the rows of reads hold, per result and for
	// all connections (see drivers.ResultBudget); nil leaves it unbounded.
	Results *drivers.ResultBudget
	// Prepared bounds the prepared statements and portals all connections
	// hold (see drivers.PreparedBudget); nil takes its defaults.
	Prepared *drivers.PreparedBudget
	// Reader answers reads and describes statements when the local
	// database is not PostgreSQL (New is given no pool): the SQLite backend.
	Reader TextReader
}

// TextReader is a local database that reads postgres-dialect SELECTs
// itself, its values in PostgreSQL's text format.
type TextReader interface {
	Describe(ctx context.Context, sql string) (drivers.TextDescription, error)
	Read(ctx context.Context, sql string, params [][]byte) (drivers.Result, error)
}

// Server accepts PostgreSQL clients.
type Server struct {
	cfg   Config
	chain proxy.Chain
	pool  *pgxpool.Pool
	log   *slog.Logger
	pid   atomic.Uint32
	slots chan struct{} // one per open connection, up to MaxConnections
	// sessions maps process ids to the sessions cancel requests reach.
	sessions sync.Map
}

// New returns a frontend submitting writes to chain and reading from pool
// (the local PostgreSQL database the chain is applied to), or, when pool
// is nil, from cfg.Reader.
func New(cfg Config, chain proxy.Chain, pool *pgxpool.Pool, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Auth == "" {
		cfg.Auth = AuthSCRAM
	}
	if cfg.Database == "" {
		cfg.Database = "postgres"
	}
	if cfg.MaxMessageBytes <= 0 {
		cfg.MaxMessageBytes = 64 << 20
	}
	if cfg.Prepared == nil {
		cfg.Prepared = drivers.NewPreparedBudget(0, 0)
	}
	if cfg.MaxConnections <= 0 {
		cfg.MaxConnections = 1000
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	return &Server{cfg: cfg, chain: timedChain{chain}, pool: pool, log: log, slots: make(chan struct{}, cfg.MaxConnections)}
}

// timedChain reports how long each write transaction took, from its
// submission until its answer, to the process's statistics (the
// blocksql_write_seconds histogram), as the MySQL side does.
type timedChain struct{ proxy.Chain }

func (t timedChain) Submit(ctx context.Context, tx *consensus.Tx) (*consensus.TxResult, error) {
	start := time.Now()
	res, err := t.Chain.Submit(ctx, tx)
	proxy.GlobalStats().ObserveWrite(time.Since(start))
	return res, err
}

// Serve accepts connections on ln until ctx ends.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return ctx.Err()
			}
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			stop := context.AfterFunc(ctx, func() { c.Close() })
			defer stop()
			cn := &conn{srv: s, nc: c, stmts: map[string]*prepared{}, portals: map[string]*portal{}}
			defer cn.dropPrepared()
			if err := cn.serve(ctx); err != nil && ctx.Err() == nil {
				s.log.Debug("postgres client closed", "addr", c.RemoteAddr().String(), "err", err)
			}
		}()
	}
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}
