package postgres

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strings"

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
	if pw, ok := c.srv.cfg.Users[c.user]; ok && pw == "" && isLoopback(c.nc.RemoteAddr()) {
		return c.ready() // a user without a password, from this machine only (as root on the MySQL side)
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
// "md5" + md5hex(md5hex(password + user) + salt), against the user's
// stored password hash (PasswordHash; a password in clear is hashed first).
func (c *conn) passwordOK(got string, salt [4]byte) bool {
	stored, ok := c.srv.cfg.Users[c.user]
	if !ok || stored == "" {
		return false
	}
	inner := PasswordHash(c.user, stored)[len("md5"):]
	if c.srv.cfg.Auth == "cleartext" {
		return subtle.ConstantTimeCompare([]byte(PasswordHash(c.user, got)), []byte("md5"+inner)) == 1
	}
	outer := md5.Sum(append([]byte(inner), salt[:]...))
	return subtle.ConstantTimeCompare([]byte(got), []byte("md5"+hex.EncodeToString(outer[:]))) == 1
}

// PasswordHash is PostgreSQL's md5 password hash, "md5" + md5hex(password +
// user): what the configuration keeps instead of the password. A value
// that already is such a hash is returned as it is; "" stays "" (no password).
func PasswordHash(user, password string) string {
	if password == "" || IsPasswordHash(password) {
		return password
	}
	h := md5.Sum([]byte(password + user))
	return "md5" + hex.EncodeToString(h[:])
}

// IsPasswordHash reports whether s has the form of a PasswordHash.
func IsPasswordHash(s string) bool {
	if len(s) != 35 || !strings.HasPrefix(s, "md5") {
		return false
	}
	_, err := hex.DecodeString(s[3:])
	return err == nil && strings.ToLower(s) == s
}

// isLoopback reports whether a client connects from this machine.
func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return !ok || ta.IP.IsLoopback()
}
