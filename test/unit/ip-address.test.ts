import { describe, expect, it } from 'vitest';
import { classifyAddress, clientBucket } from '../../src/domain/ip-address.js';
import { webhookSignature } from '../../src/infra/webhook-http.js';
import { createHmac } from 'node:crypto';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['2002:7f00:1::', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd00::1', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['169.254.169.254', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['0.0.0.0', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['::', 'reserved'],
    ['ff02::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
  ])('puts %s in the %s range', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it.each(['example.go.id', '1.2.3', '300.1.1.1', '1::2::3', '1:2:3:4:5:6:7:8:9', ''])(
    'says %j is no address at all',
    (text) => {
      expect(classifyAddress(text)).toBeNull();
    },
  );
});

describe('webhookSignature', () => {
  it('is the HMAC-SHA256 of the timestamp, a dot and the body, in hex after sha256=', () => {
    const expected = createHmac('sha256', 'rahasia').update('1700000000.{"id":"x"}').digest('hex');
    expect(webhookSignature('rahasia', '1700000000', '{"id":"x"}')).toBe(`sha256=${expected}`);
  });
});

describe('clientBucket', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::ffff:cb00:7107', '203.0.113.7'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['[2001:db8:1:2::a]', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['not an address', 'not an address'],
  ])('counts %s as %s', (address, bucket) => {
    expect(clientBucket(address)).toBe(bucket);
  });

  it('keeps neighbouring /64s apart', () => {
    expect(clientBucket('2001:db8:1:2::1')).not.toBe(clientBucket('2001:db8:1:3::1'));
  });
});
