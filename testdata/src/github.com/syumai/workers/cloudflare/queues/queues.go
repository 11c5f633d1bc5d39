// Package queues is a stub of github.com/syumai/workers/cloudflare/queues.
package queues

type ConsumerMessage struct {
	ID       string
	Attempts int
}

func (m *ConsumerMessage) Ack()                        {}
func (m *ConsumerMessage) Retry()                      {}
func (m *ConsumerMessage) StringBody() (string, error) { return "", nil }

type ConsumerMessageBatch struct {
	Queue    string
	Messages []*ConsumerMessage
}

func (b *ConsumerMessageBatch) AckAll() {}

// Consumer receives a batch of messages from Cloudflare Queues.
type Consumer func(batch *ConsumerMessageBatch) error

func Consume(f Consumer)            {}
func ConsumeNonBlocking(f Consumer) {}
