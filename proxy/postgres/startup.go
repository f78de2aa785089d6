package postgres

import (
	"crypto/tls"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgproto3"
)

// serverParams are the ParameterStatus values sent after authentication;
// clients read server_version and integer_datetimes to pick encodings.
var serverParams = [][2]string{
	{"server_version", "15.0 (blocksql)"}, {"server_encoding", "UTF8"}, {"client_encoding", "UTF8"},
	{"DateStyle", "ISO, MDY"}, {"TimeZone", "UTC"}, {"integer_datetimes", "on"},
	{"standard_conforming_strings", "on"}, {"IntervalStyle", "postgres"}, {"is_superuser", "on"},
	{"application_name", ""},
}

// startup reads the startup message and authenticates the user. An
// SSLRequest is answered 'S' and the connection switched to TLS when the
// frontend has a certificate, 'N' otherwise; GSS encryption is refused.
// With RequireTLS a startup over plain TCP is refused with 28000.
func (c *conn) startup() error {
	for {
		msg, err := c.be.ReceiveStartupMessage()
		if err != nil {
			return err
		}
		switch m := msg.(type) {
		case *pgproto3.SSLRequest:
			if err := c.startTLS(); err != nil {
				return err
			}
		case *pgproto3.GSSEncRequest:
			if _, err := c.nc.Write([]byte{'N'}); err != nil {
				return err
			}
		case *pgproto3.StartupMessage:
			c.user = m.Parameters["user"]
			if c.database = m.Parameters["database"]; c.database == "" {
				c.database = c.user // PostgreSQL's default
			}
			if c.srv.cfg.RequireTLS && !c.tls {
				c.be.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: "28000",
					Message: fmt.Sprintf("connection for user %q refused: this node requires TLS (sslmode=require)", c.user)})
				_ = c.be.Flush()
				return errors.New("plain connection refused")
			}
			return c.authenticate()
		case *pgproto3.CancelRequest:
			// The connection only carried the request: it closes.
			c.srv.cancelRequest(m.ProcessID, m.SecretKey)
			return errCancelSent
		default:
			return fmt.Errorf("unexpected startup message %T", msg)
		}
	}
}

// startTLS answers an SSLRequest: 'N' without a certificate; else 'S', the
// TLS handshake, and a new Backend above TLS.
func (c *conn) startTLS() error {
	if c.srv.cfg.TLS == nil || c.tls {
		_, err := c.nc.Write([]byte{'N'})
		return err
	}
	if _, err := c.nc.Write([]byte{'S'}); err != nil {
		return err
	}
	tc := tls.Server(c.nc, c.srv.cfg.TLS)
	if err := tc.Handshake(); err != nil {
		return err
	}
	c.nc, c.tls = tc, true
	c.be = pgproto3.NewBackend(tc, tc)
	c.be.SetMaxBodyLen(c.srv.cfg.MaxMessageBytes)
	return nil
}

// errCancelSent ends a connection that carried a cancel request.
var errCancelSent = errors.New("cancel request handled")

// ready ends the startup: AuthenticationOk, the server's parameters and
// ReadyForQuery.
func (c *conn) ready() error {
	c.be.Send(&pgproto3.AuthenticationOk{})
	for _, p := range serverParams {
		c.be.Send(&pgproto3.ParameterStatus{Name: p[0], Value: p[1]})
	}
	pid, secret, unregister := c.register()
	c.unregister = unregister
	c.be.Send(&pgproto3.BackendKeyData{ProcessID: pid, SecretKey: secret})
	c.be.Send(&pgproto3.ReadyForQuery{TxStatus: 'I'})
	return c.be.Flush()
}
