package postgres

import (
	"context"
	"crypto/subtle"
	"sync"
)

// Cancel requests. Each logged-in connection gets a process id and a
// secret key (BackendKeyData); a CancelRequest carrying both, sent on a new
// connection as PostgreSQL clients do (pg_cancel_backend from psql's ^C,
// pgx's context cancellation), cancels the statement that connection is
// running: a read stops with 57014; a write stops waiting for its block
// with 57014 too, but once it was sent to the chain it may still commit,
// as a statement cancelled in PostgreSQL during its COMMIT may.

// session is what a CancelRequest needs of a connection.
type session struct {
	secret []byte
	mu     sync.Mutex
	cancel context.CancelFunc // of the running statement; nil between statements
}

// register lists c under a new process id for cancel requests and returns
// what unlists it.
func (c *conn) register() (pid uint32, secret []byte, unregister func()) {
	pid = c.srv.pid.Add(1)
	c.sess = &session{secret: randomBytes(4)}
	c.srv.sessions.Store(pid, c.sess)
	return pid, c.sess.secret, func() { c.srv.sessions.Delete(pid) }
}

// statement returns the context of one statement (or extended-protocol
// message), which a CancelRequest for this connection cancels.
func (c *conn) statement(ctx context.Context) (context.Context, func()) {
	if c.sess == nil {
		return ctx, func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	c.sess.mu.Lock()
	c.sess.cancel = cancel
	c.sess.mu.Unlock()
	return ctx, func() {
		c.sess.mu.Lock()
		c.sess.cancel = nil
		c.sess.mu.Unlock()
		cancel()
	}
}

// cancelRequest cancels the running statement of process pid when the
// secret matches; PostgreSQL answers nothing either way.
func (s *Server) cancelRequest(pid uint32, secret []byte) {
	v, ok := s.sessions.Load(pid)
	if !ok {
		return
	}
	sess := v.(*session)
	if subtle.ConstantTimeCompare(sess.secret, secret) != 1 {
		return
	}
	sess.mu.Lock()
	defer sess.mu.Unlock()
	if sess.cancel != nil {
		sess.cancel()
	}
}
