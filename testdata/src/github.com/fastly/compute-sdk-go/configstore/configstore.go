// Package configstore is a stub of github.com/fastly/compute-sdk-go/configstore.
package configstore

type Store struct{}

func Open(name string) (*Store, error) { return nil, nil }

func (s *Store) Get(key string) (string, error) { return "", nil }
