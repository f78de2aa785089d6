package postgres

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/xdg-go/scram"
)

// Authentication methods ([postgres] auth_plugin).
const (
	AuthSCRAM     = "scram-sha-256" // the default, as in PostgreSQL 14 and later
	AuthMD5       = "md5"
	AuthCleartext = "cleartext"
)

// scramIterations is PostgreSQL's default scram_iterations.
const scramIterations = 4096

// PasswordHash is what the configuration keeps instead of a password, in
// PostgreSQL's own formats: for method md5, "md5" + md5hex(password + user);
// otherwise a SCRAM-SHA-256 verifier
// "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>" with a random
// salt. A value that already is a hash is returned as it is; "" stays ""
// (no password).
func PasswordHash(user, password, method string) string {
	if password == "" || IsPasswordHash(password) {
		return password
	}
	if method == AuthMD5 {
		return md5Hash(user, password)
	}
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	creds := scramCredentials(password, string(salt), scramIterations)
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", creds.Iters, b64(salt), b64(creds.StoredKey), b64(creds.ServerKey))
}

// IsPasswordHash reports whether s has the form of a PasswordHash.
func IsPasswordHash(s string) bool {
	if _, ok := parseSCRAM(s); ok {
		return true
	}
	if len(s) != 35 || !strings.HasPrefix(s, "md5") {
		return false
	}
	_, err := hex.DecodeString(s[3:])
	return err == nil && strings.ToLower(s) == s
}

func md5Hash(user, password string) string {
	h := md5.Sum([]byte(password + user))
	return "md5" + hex.EncodeToString(h[:])
}

func scramCredentials(password, salt string, iters int) scram.StoredCredentials {
	client, err := scram.SHA256.NewClient("", password, "")
	if err != nil {
		// SASLprep refuses some code points: such a password is used as
		// it is, as PostgreSQL does.
		client, _ = scram.SHA256.NewClientUnprepped("", password, "")
	}
	creds, _ := client.GetStoredCredentialsWithError(scram.KeyFactors{Salt: salt, Iters: iters})
	return creds
}

// parseSCRAM reads a SCRAM-SHA-256 verifier.
func parseSCRAM(s string) (scram.StoredCredentials, bool) {
	rest, ok := strings.CutPrefix(s, "SCRAM-SHA-256$")
	if !ok {
		return scram.StoredCredentials{}, false
	}
	factors, keys, ok := strings.Cut(rest, "$")
	iterText, saltText, ok1 := strings.Cut(factors, ":")
	storedText, serverText, ok2 := strings.Cut(keys, ":")
	if !ok || !ok1 || !ok2 {
		return scram.StoredCredentials{}, false
	}
	iters, err := strconv.Atoi(iterText)
	d := base64.StdEncoding.DecodeString
	salt, err1 := d(saltText)
	stored, err2 := d(storedText)
	server, err3 := d(serverText)
	if err != nil || iters <= 0 || err1 != nil || err2 != nil || err3 != nil || len(stored) != 32 || len(server) != 32 {
		return scram.StoredCredentials{}, false
	}
	return scram.StoredCredentials{KeyFactors: scram.KeyFactors{Salt: string(salt), Iters: iters},
		StoredKey: stored, ServerKey: server}, true
}

// errAuth is a failed login; the client is told 28P01.
var errAuth = errors.New("authentication failed")

// authenticate logs the client in as c.user. A user without a password is
// let in from a loopback address only. Otherwise the method follows the
// configuration and what is stored, as in PostgreSQL: a SCRAM verifier is
// checked with SCRAM (also when md5 is configured), an md5 hash with md5,
// and cleartext (configured) checks either from the password itself.
func (c *conn) authenticate() error {
	stored, known := c.srv.cfg.Users[c.user]
	if known && stored == "" && isLoopback(c.nc.RemoteAddr()) {
		return c.ready()
	}
	var err error
	creds, isSCRAM := parseSCRAM(stored)
	switch {
	case c.srv.cfg.Auth == AuthCleartext:
		err = c.cleartextAuth(stored, creds, isSCRAM)
	case isSCRAM || !known:
		err = c.scramAuth(creds, isSCRAM)
	default:
		err = c.md5Auth(stored)
	}
	if err != nil {
		if errors.Is(err, errAuth) {
			c.be.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: "28P01",
				Message: fmt.Sprintf("password authentication failed for user %q", c.user)})
			_ = c.be.Flush()
		}
		return err
	}
	return c.ready()
}

// exchange sends an authentication request and reads the client's answer.
func (c *conn) exchange(authType byte, req pgproto3.BackendMessage) (pgproto3.FrontendMessage, error) {
	if err := c.be.SetAuthType(uint32(authType)); err != nil {
		return nil, err
	}
	c.be.Send(req)
	if err := c.be.Flush(); err != nil {
		return nil, err
	}
	return c.be.Receive()
}

func (c *conn) cleartextAuth(stored string, creds scram.StoredCredentials, isSCRAM bool) error {
	msg, err := c.exchange(pgproto3.AuthTypeCleartextPassword, &pgproto3.AuthenticationCleartextPassword{})
	if err != nil {
		return err
	}
	pw, ok := msg.(*pgproto3.PasswordMessage)
	if !ok || stored == "" {
		return errAuth
	}
	if isSCRAM {
		got := scramCredentials(pw.Password, creds.Salt, creds.Iters)
		if subtle.ConstantTimeCompare(got.StoredKey, creds.StoredKey) != 1 {
			return errAuth
		}
		return nil
	}
	if subtle.ConstantTimeCompare([]byte(md5Hash(c.user, pw.Password)), []byte(PasswordHash(c.user, stored, AuthMD5))) != 1 {
		return errAuth
	}
	return nil
}

// md5Auth checks "md5" + md5hex(md5hex(password + user) + salt) against
// the stored md5 hash.
func (c *conn) md5Auth(stored string) error {
	salt := [4]byte(randomBytes(4))
	msg, err := c.exchange(pgproto3.AuthTypeMD5Password, &pgproto3.AuthenticationMD5Password{Salt: salt})
	if err != nil {
		return err
	}
	pw, ok := msg.(*pgproto3.PasswordMessage)
	if !ok || stored == "" {
		return errAuth
	}
	inner := PasswordHash(c.user, stored, AuthMD5)[len("md5"):]
	outer := md5.Sum(append([]byte(inner), salt[:]...))
	if subtle.ConstantTimeCompare([]byte(pw.Password), []byte("md5"+hex.EncodeToString(outer[:]))) != 1 {
		return errAuth
	}
	return nil
}

// scramAuth runs SCRAM-SHA-256 (RFC 5802, 7677) as PostgreSQL does: the
// user is the startup message's, whatever name the client's first SCRAM
// message carries; channel binding is not offered.
func (c *conn) scramAuth(creds scram.StoredCredentials, known bool) error {
	server, err := scram.SHA256.NewServer(func(string) (scram.StoredCredentials, error) {
		if !known {
			return scram.StoredCredentials{}, errAuth
		}
		return creds, nil
	})
	if err != nil {
		return err
	}
	conv := server.NewConversation()
	msg, err := c.exchange(pgproto3.AuthTypeSASL, &pgproto3.AuthenticationSASL{AuthMechanisms: []string{"SCRAM-SHA-256"}})
	if err != nil {
		return err
	}
	first, ok := msg.(*pgproto3.SASLInitialResponse)
	if !ok || first.AuthMechanism != "SCRAM-SHA-256" {
		return errAuth
	}
	out, err := conv.Step(string(first.Data))
	if err != nil {
		return errAuth
	}
	msg, err = c.exchange(pgproto3.AuthTypeSASLContinue, &pgproto3.AuthenticationSASLContinue{Data: []byte(out)})
	if err != nil {
		return err
	}
	final, ok := msg.(*pgproto3.SASLResponse)
	if !ok {
		return errAuth
	}
	out, err = conv.Step(string(final.Data))
	if err != nil || !conv.Valid() {
		return errAuth
	}
	c.be.Send(&pgproto3.AuthenticationSASLFinal{Data: []byte(out)})
	return nil
}

// isLoopback reports whether a client connects from this machine.
func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return !ok || ta.IP.IsLoopback()
}
