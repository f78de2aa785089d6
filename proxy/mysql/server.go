// Package mysql is blocksql's MySQL wire protocol frontend, built on the
// go-mysql server package. It authenticates clients (mysql_native_password
// or caching_sha2_password), turns each command into a call on a
// proxy.Session, and encodes the session's results as text or binary
// (prepared statement) result sets with the MySQL error numbers the
// session reports. wireConn (wire.go) frames the client's packets before
// go-mysql reads them, to bound their size and to fill in what go-mysql's
// server omits (parameter types of re-executed statements, the greeting's
// status and capabilities).
package mysql

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"runtime/debug"
	"sync"
	"time"

	"github.com/go-mysql-org/go-mysql/server"

	"github.com/blocksql/blocksql/proxy"
)

// utf8mb4GeneralCI is the collation announced in the handshake.
const utf8mb4GeneralCI = 45

// Log keys.
const (
	logClient = "client"
	logUser   = "user"
	logErr    = "err"
)

// NewSessionFunc opens the session of one authenticated connection; the
// node wires it to proxy.NewSession with its chain and local database.
type NewSessionFunc func(c proxy.Client) *proxy.Session

// Server accepts MySQL clients and serves each on its own goroutine.
type Server struct {
	cfg        Config
	proto      *server.Server
	newSession NewSessionFunc
	log        *slog.Logger
	procs      *proxy.Processes

	mu    sync.Mutex
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// New builds a server. It loads or generates the RSA key that
// caching_sha2_password needs over plain TCP.
func New(cfg Config, newSession NewSessionFunc, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	key, err := loadOrGenerateKey(cfg.RSAKeyFile)
	if err != nil {
		return nil, err
	}
	tlsCfg, err := loadTLS(cfg)
	if err != nil {
		return nil, err
	}
	proto := server.NewServerWithAuth(proxy.ServerVersion, utf8mb4GeneralCI, cfg.AuthPlugin, key, tlsCfg,
		&authProvider{creds: cfg.credentials()})
	return &Server{cfg: cfg, proto: proto, newSession: newSession, log: log, procs: proxy.NewProcesses(),
		conns: map[net.Conn]struct{}{}}, nil
}

// Serve accepts connections on l until ctx is cancelled, then closes l and
// every open connection and waits for their goroutines to end. Running out
// of file descriptors or connection slots refuses clients; it never stops
// the accept loop.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	stop := context.AfterFunc(ctx, func() {
		l.Close()
		s.closeAll()
	})
	defer stop()
	defer s.wg.Wait()
	limit := connBudget(s.cfg.MaxConnections, s.cfg.ReservedFiles)
	if limit < s.cfg.MaxConnections {
		s.log.Warn("the open-file limit caps client connections below max_connections",
			"max_connections", s.cfg.MaxConnections, "served", limit)
	}
	var backoff time.Duration
	for {
		nc, err := l.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			var ok bool
			if backoff, ok = acceptBackoff(err, backoff); !ok {
				return fmt.Errorf("accept on %s: %w", l.Addr(), err)
			}
			s.log.Warn("accept failed; retrying", logErr, err.Error())
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		if !s.admit(ctx, nc, limit) {
			return nil
		}
	}
}

// admit starts serving nc, or refuses it with 1040 when limit connections
// are open. It returns false once shutdown began.
func (s *Server) admit(ctx context.Context, nc net.Conn, limit int) bool {
	ok, full := s.track(nc, limit)
	if !ok {
		nc.Close()
		return false
	}
	if full {
		s.log.Warn("connection refused: too many connections", logClient, nc.RemoteAddr().String())
		go refuseTooMany(nc)
		return true
	}
	s.wg.Add(1)
	go s.serveConn(ctx, nc)
	return true
}

// track registers a connection so Serve can close it on shutdown; it
// refuses connections accepted after shutdown began (ok false) and does
// not register one beyond limit (full).
func (s *Server) track(nc net.Conn, limit int) (ok, full bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conns == nil {
		return false, false
	}
	if len(s.conns) >= limit {
		return true, true
	}
	s.conns[nc] = struct{}{}
	return true, false
}

func (s *Server) untrack(nc net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, nc)
}

func (s *Server) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for nc := range s.conns {
		nc.Close()
	}
	s.conns = nil
}

// serveConn runs one connection to its end. A panic while serving a
// (malformed) request closes only this connection.
func (s *Server) serveConn(ctx context.Context, nc net.Conn) {
	defer s.wg.Done()
	defer s.untrack(nc)
	defer nc.Close()
	log := s.log.With(logClient, nc.RemoteAddr().String())
	defer func() {
		if r := recover(); r != nil {
			log.Error("connection closed after a panic", logErr, r, "stack", string(debug.Stack()))
		}
	}()
	sc := newWireConn(nc, s.cfg.MaxAllowedPacket)
	h := &handler{ctx: ctx, srv: s, sc: sc, log: log}
	defer h.close()
	// What the last command wrote (an error before the connection
	// closes, the answer before COM_QUIT) is sent before the socket closes.
	defer h.flush(nc)
	_ = nc.SetDeadline(time.Now().Add(s.cfg.ConnectTimeout))
	conn, err := s.proto.NewCustomizedConn(sc, &authHandler{creds: s.cfg.credentials(), plugin: s.cfg.AuthPlugin, h: h}, h)
	if err != nil {
		log.Debug("handshake failed", logErr, err.Error())
		return
	}
	_ = nc.SetDeadline(time.Time{})
	h.reframeTLS(conn)
	log.Debug("client connected", logUser, conn.GetUser())
	stats := proxy.GlobalStats()
	stats.ConnOpened()
	defer stats.ConnClosed()
	for !conn.Closed() {
		// wait_timeout: the next command must start in time; the deadline
		// is pushed back before every command.
		_ = nc.SetReadDeadline(time.Now().Add(s.cfg.WaitTimeout))
		err := conn.HandleCommand()
		h.releaseResults() // its answer is written: its rows are no longer held
		if err != nil {
			log.Debug("connection closed", logErr, err.Error())
			return
		}
	}
}
