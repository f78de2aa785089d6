package consensus

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"

	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"
	cmttypes "github.com/cometbft/cometbft/types"
)

// Assembling the genesis of a network by hand: every machine runs Init,
// one of them collects the others' identities into its genesis with
// AddValidator and AddAuthorizedNode, and that genesis.json is copied to
// every home before any node starts.

// ErrChainStarted: a genesis cannot change once its chain has blocks.
var ErrChainStarted = errors.New("this home's chain has started: its genesis can no longer change")

// ReadIdentity returns the identity of an initialized home.
func ReadIdentity(home string) (Identity, error) {
	if _, err := LoadConfig(home); err != nil {
		return Identity{}, err
	}
	return InitKeys(home) // the keys exist: InitKeys only reads them
}

// AddValidator adds a validator to the genesis of home.
func AddValidator(home string, v Validator) error {
	return editGenesis(home, func(doc *cmttypes.GenesisDoc, _ *GenesisAppState) error {
		pk := cmted25519.PubKey(v.PubKey)
		for _, have := range doc.Validators {
			if bytes.Equal(have.PubKey.Bytes(), pk.Bytes()) {
				return fmt.Errorf("validator %X is already in the genesis", pk.Address())
			}
		}
		doc.Validators = append(doc.Validators, cmttypes.GenesisValidator{
			Address: pk.Address(), PubKey: pk, Power: powerOr10(v.Power), Name: v.Name,
		})
		return nil
	})
}

// AddAuthorizedNode lets the node with this node key submit transactions.
func AddAuthorizedNode(home string, key ed25519.PublicKey) error {
	return editGenesis(home, func(_ *cmttypes.GenesisDoc, st *GenesisAppState) error {
		h := hex.EncodeToString(key)
		if slices.Contains(st.AuthorizedNodes, h) {
			return fmt.Errorf("node key %s is already authorized", h)
		}
		st.AuthorizedNodes = append(st.AuthorizedNodes, h)
		return nil
	})
}

func editGenesis(home string, edit func(*cmttypes.GenesisDoc, *GenesisAppState) error) error {
	if fileExists(filepath.Join(home, "data", "blockstore.db")) {
		return ErrChainStarted
	}
	path := filepath.Join(home, "config", "genesis.json")
	doc, err := cmttypes.GenesisDocFromFile(path)
	if err != nil {
		return fmt.Errorf("read genesis: %w", err)
	}
	st, err := ParseAppState(doc.AppState)
	if err != nil {
		return err
	}
	if err := edit(doc, &st); err != nil {
		return err
	}
	doc.AppState, _ = json.Marshal(st) // a struct of strings always marshals
	return writeGenesis(path, doc)
}

// AddAccounts adds accounts to the genesis of home, keeping those it
// already has.
func AddAccounts(home string, accts []GenesisAccount) error {
	return editGenesis(home, func(_ *cmttypes.GenesisDoc, st *GenesisAppState) error {
		for _, a := range accts {
			if !slices.ContainsFunc(st.Accounts, func(h GenesisAccount) bool { return h.Name == a.Name }) {
				st.Accounts = append(st.Accounts, a)
			}
		}
		return nil
	})
}

// ParseKey reads a hex ed25519 public key as `blocksql genesis show` prints it.
func ParseKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%q is not a hex ed25519 public key (64 hex digits)", s)
	}
	return ed25519.PublicKey(b), nil
}

// GenesisDialect reads the chain's SQL dialect from the genesis in home:
// "mysql" or "postgres".
func GenesisDialect(home string) (string, error) {
	st, err := ReadAppState(home)
	if err != nil {
		return "", err
	}
	if st.Dialect == "" {
		return "mysql", nil
	}
	return st.Dialect, nil
}

// ReadAppState reads the app_state of the genesis in home.
func ReadAppState(home string) (GenesisAppState, error) {
	doc, err := cmttypes.GenesisDocFromFile(filepath.Join(home, "config", "genesis.json"))
	if err != nil {
		return GenesisAppState{}, fmt.Errorf("read genesis: %w", err)
	}
	return ParseAppState(doc.AppState)
}

// ReadMembership reads the membership the chain of home starts with.
func ReadMembership(home string) (*Membership, error) {
	doc, err := cmttypes.GenesisDocFromFile(filepath.Join(home, "config", "genesis.json"))
	if err != nil {
		return nil, fmt.Errorf("read genesis: %w", err)
	}
	return MembershipFromGenesis(doc)
}

// ParseAppState decodes a genesis app_state.
func ParseAppState(raw []byte) (GenesisAppState, error) {
	var st GenesisAppState
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &st); err != nil {
			return st, fmt.Errorf("parse genesis app_state: %w", err)
		}
	}
	return st, nil
}
