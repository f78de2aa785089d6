package postgres

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
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

// startup answers SSL and GSS encryption requests with 'N' (TLS is not
// offered yet), reads the startup message and authenticates the user.
func (c *conn) startup() error {
	for {
		msg, err := c.be.ReceiveStartupMessage()
		if err != nil {
			return err
		}
		switch m := msg.(type) {
		case *pgproto3.SSLRequest, *pgproto3.GSSEncRequest:
			if _, err := c.nc.Write([]byte{'N'}); err != nil {
				return err
			}
		case *pgproto3.StartupMessage:
			c.user = m.Parameters["user"]
			return c.authenticate()
		case *pgproto3.CancelRequest:
			return errors.New("cancel requests are not supported")
		default:
			return fmt.Errorf("unexpected startup message %T", msg)
		}
	}
}

func (c *conn) authenticate() error {
	if pw, ok := c.srv.cfg.Users[c.user]; ok && pw == "" {
		return c.ready() // a user without a password, as root on the MySQL side
	}
	salt := [4]byte(randomBytes(4))
	if c.srv.cfg.Auth == "cleartext" {
		if err := c.be.SetAuthType(pgproto3.AuthTypeCleartextPassword); err != nil {
			return err
		}
		c.be.Send(&pgproto3.AuthenticationCleartextPassword{})
	} else {
		if err := c.be.SetAuthType(pgproto3.AuthTypeMD5Password); err != nil {
			return err
		}
		c.be.Send(&pgproto3.AuthenticationMD5Password{Salt: salt})
	}
	if err := c.be.Flush(); err != nil {
		return err
	}
	msg, err := c.be.Receive()
	if err != nil {
		return err
	}
	pw, ok := msg.(*pgproto3.PasswordMessage)
	if !ok || !c.passwordOK(pw.Password, salt) {
		c.be.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: "28P01",
			Message: fmt.Sprintf("password authentication failed for user %q", c.user)})
		_ = c.be.Flush()
		return errors.New("authentication failed")
	}
	return c.ready()
}

// ready ends the startup: AuthenticationOk, the server's parameters and
// ReadyForQuery.
func (c *conn) ready() error {
	c.be.Send(&pgproto3.AuthenticationOk{})
	for _, p := range serverParams {
		c.be.Send(&pgproto3.ParameterStatus{Name: p[0], Value: p[1]})
	}
	c.be.Send(&pgproto3.BackendKeyData{ProcessID: c.srv.pid.Add(1), SecretKey: randomBytes(4)})
	c.be.Send(&pgproto3.ReadyForQuery{TxStatus: 'I'})
	return c.be.Flush()
}

// passwordOK checks a cleartext password, or an md5 answer:
// "md5" + md5hex(md5hex(password + user) + salt).
func (c *conn) passwordOK(got string, salt [4]byte) bool {
	want, ok := c.srv.cfg.Users[c.user]
	if !ok {
		return false
	}
	if c.srv.cfg.Auth == "cleartext" {
		return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
	}
	inner := md5.Sum([]byte(want + c.user))
	outer := md5.Sum(append([]byte(hex.EncodeToString(inner[:])), salt[:]...))
	return subtle.ConstantTimeCompare([]byte(got), []byte("md5"+hex.EncodeToString(outer[:]))) == 1
}
