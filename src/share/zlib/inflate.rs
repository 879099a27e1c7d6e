//! RFC 1951 inflate after zlib's `puff.c`: a bit at a time through canonical Huffman
//! codes. Every read is checked, so hostile input is an [`InflateError`], never a panic,
//! and the output never grows past its limit (nor allocates past it).

use super::{fixed_len, InflateError, DIST_BASE, DIST_EXTRA, LEN_BASE, LEN_EXTRA, ORDER};

/// The longest Huffman code deflate allows.
const MAX_BITS: usize = 15;

/// Inflates the raw deflate stream `data`; returns the output and the count of input bytes
/// read (up to the byte after the last block).
pub(super) fn inflate(data: &[u8], limit: usize) -> Result<(Vec<u8>, usize), InflateError> {
    let mut input = Bits {
        data,
        pos: 0,
        buf: 0,
        count: 0,
    };
    let mut out = Output {
        buf: Vec::new(),
        limit,
    };
    loop {
        let last = input.bits(1)? == 1;
        match input.bits(2)? {
            0 => stored(&mut input, &mut out)?,
            1 => {
                let lit: Vec<u8> = (0..288).map(fixed_len).collect();
                let (lit, _) = Huffman::new(&lit);
                let (dist, _) = Huffman::new(&[5; 30]);
                codes(&mut input, &mut out, &lit, &dist)?;
            }
            2 => dynamic(&mut input, &mut out)?,
            _ => return Err(InflateError::Invalid),
        }
        if last {
            // The checksum starts at the next byte boundary.
            return Ok((out.buf, input.pos));
        }
    }
}

/// The input, read least significant bit first.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    buf: u32,
    count: u32,
}

impl Bits<'_> {
    /// The next `n` (at most 16) bits.
    fn bits(&mut self, n: u32) -> Result<u32, InflateError> {
        while self.count < n {
            let byte = *self.data.get(self.pos).ok_or(InflateError::Truncated)?;
            self.pos += 1;
            self.buf |= u32::from(byte) << self.count;
            self.count += 8;
        }
        let value = self.buf & ((1 << n) - 1);
        self.buf >>= n;
        self.count -= n;
        Ok(value)
    }

    /// The next whole byte, after [`Bits::align`].
    fn byte(&mut self) -> Result<u8, InflateError> {
        let byte = *self.data.get(self.pos).ok_or(InflateError::Truncated)?;
        self.pos += 1;
        Ok(byte)
    }

    /// Drops the bits left in the current byte (fewer than 8: bytes are loaded on demand).
    fn align(&mut self) {
        self.buf = 0;
        self.count = 0;
    }
}

/// The output, bounded by `limit`.
struct Output {
    buf: Vec<u8>,
    limit: usize,
}

impl Output {
    /// Makes room for `n` more bytes, or fails if they would pass the limit.
    fn reserve(&mut self, n: usize) -> Result<(), InflateError> {
        let len = self.buf.len();
        if n > self.limit.saturating_sub(len) {
            return Err(InflateError::TooLarge);
        }
        if self.buf.capacity() - len < n {
            // Grow geometrically but never past the limit: a bomb allocates `limit` at most.
            let target = len.saturating_mul(2).max(1024).min(self.limit).max(len + n);
            self.buf.reserve_exact(target - len);
        }
        Ok(())
    }

    fn push(&mut self, byte: u8) -> Result<(), InflateError> {
        self.reserve(1)?;
        self.buf.push(byte);
        Ok(())
    }

    /// Copies `len` bytes from `dist` bytes back (they may overlap what is being written).
    fn copy(&mut self, dist: usize, len: usize) -> Result<(), InflateError> {
        let start = self
            .buf
            .len()
            .checked_sub(dist)
            .ok_or(InflateError::Invalid)?;
        self.reserve(len)?;
        for i in start..start + len {
            let byte = *self.buf.get(i).ok_or(InflateError::Invalid)?;
            self.buf.push(byte);
        }
        Ok(())
    }
}

/// A canonical Huffman code: how many codes have each length, and the symbols in code order.
struct Huffman {
    count: [u16; MAX_BITS + 1],
    symbol: Vec<u16>,
}

impl Huffman {
    /// The code with these lengths (each at most [`MAX_BITS`]), and how many codes are left
    /// unused: 0 for a complete code, more for an incomplete one, negative when the lengths
    /// over-subscribe (then the code is unusable).
    fn new(lengths: &[u8]) -> (Huffman, i32) {
        let mut count = [0u16; MAX_BITS + 1];
        for &len in lengths {
            if let Some(c) = count.get_mut(usize::from(len)) {
                *c += 1;
            }
        }
        let mut left = 1i32;
        for &c in count.iter().skip(1) {
            left = (left << 1) - i32::from(c);
            if left < 0 {
                break;
            }
        }
        // Where the first symbol of each length goes in `symbol`.
        let mut next = [0u16; MAX_BITS + 1];
        let mut at = 0u16;
        for (n, &c) in next.iter_mut().zip(&count).skip(1) {
            *n = at;
            at += c;
        }
        let mut symbol = vec![0u16; usize::from(at)];
        for (sym, &len) in (0u16..).zip(lengths) {
            if len == 0 {
                continue;
            }
            if let Some(n) = next.get_mut(usize::from(len)) {
                if let Some(s) = symbol.get_mut(usize::from(*n)) {
                    *s = sym;
                }
                *n += 1;
            }
        }
        (Huffman { count, symbol }, left)
    }

    /// Reads one symbol.
    fn decode(&self, input: &mut Bits) -> Result<u16, InflateError> {
        // `code` is the bits read so far; `first` the first code of that length and `index`
        // the position of its symbol in `symbol`.
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in self.count.iter().skip(1) {
            code |= input.bits(1)? as i32;
            let count = i32::from(count);
            if code - first < count {
                let at =
                    usize::try_from(index + code - first).map_err(|_| InflateError::Invalid)?;
                return self.symbol.get(at).copied().ok_or(InflateError::Invalid);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(InflateError::Invalid)
    }
}

/// A stored block: LEN, its complement NLEN, then LEN bytes as they are.
fn stored(input: &mut Bits, out: &mut Output) -> Result<(), InflateError> {
    input.align();
    let mut word =
        || -> Result<u16, InflateError> { Ok(u16::from_le_bytes([input.byte()?, input.byte()?])) };
    let (len, nlen) = (word()?, word()?);
    if len != !nlen {
        return Err(InflateError::Invalid);
    }
    let len = usize::from(len);
    let bytes = input
        .data
        .get(input.pos..)
        .and_then(|rest| rest.get(..len))
        .ok_or(InflateError::Truncated)?;
    out.reserve(len)?;
    out.buf.extend_from_slice(bytes);
    input.pos += len;
    Ok(())
}

/// A dynamic block: its codes, themselves Huffman coded, then its data.
fn dynamic(input: &mut Bits, out: &mut Output) -> Result<(), InflateError> {
    let nlen = input.bits(5)? as usize + 257;
    let ndist = input.bits(5)? as usize + 1;
    let ncode = input.bits(4)? as usize + 4;
    if nlen > 286 || ndist > 30 {
        return Err(InflateError::Invalid);
    }
    let mut lengths = [0u8; 286 + 30];
    for &sym in ORDER.iter().take(ncode) {
        if let Some(l) = lengths.get_mut(sym) {
            *l = input.bits(3)? as u8;
        }
    }
    let (lencode, left) = Huffman::new(lengths.get(..19).unwrap_or_default());
    if left != 0 {
        return Err(InflateError::Invalid);
    }
    let total = nlen + ndist;
    let mut index = 0;
    while index < total {
        let sym = lencode.decode(input)?;
        let (value, repeat) = match sym {
            0..=15 => (sym as u8, 1),
            16 => {
                let prev = index.checked_sub(1).and_then(|i| lengths.get(i));
                let prev = *prev.ok_or(InflateError::Invalid)?;
                (prev, 3 + input.bits(2)? as usize)
            }
            17 => (0, 3 + input.bits(3)? as usize),
            _ => (0, 11 + input.bits(7)? as usize),
        };
        let run = lengths
            .get_mut(index..index + repeat)
            .filter(|_| index + repeat <= total)
            .ok_or(InflateError::Invalid)?;
        run.fill(value);
        index += repeat;
    }
    if lengths.get(256).is_none_or(|&l| l == 0) {
        // No end-of-block code: the block could never end.
        return Err(InflateError::Invalid);
    }
    let (lit_lengths, dist_lengths) = lengths.split_at(nlen);
    let lit = usable(lit_lengths)?;
    let dist = usable(dist_lengths.get(..ndist).unwrap_or_default())?;
    codes(input, out, &lit, &dist)
}

/// A literal/length or distance code from its lengths, if complete, or incomplete with a
/// single code of one bit (the only incomplete code zlib writes).
fn usable(lengths: &[u8]) -> Result<Huffman, InflateError> {
    let (code, left) = Huffman::new(lengths);
    let single = usize::from(code.count[0]) + usize::from(code.count[1]) == lengths.len();
    if left < 0 || (left > 0 && !single) {
        return Err(InflateError::Invalid);
    }
    Ok(code)
}

/// A block's data: literals and (length, distance) copies up to the end-of-block symbol.
fn codes(
    input: &mut Bits,
    out: &mut Output,
    lit: &Huffman,
    dist: &Huffman,
) -> Result<(), InflateError> {
    loop {
        let sym = lit.decode(input)?;
        match sym {
            0..=255 => out.push(sym as u8)?,
            256 => return Ok(()),
            _ => {
                let i = usize::from(sym - 257);
                let (Some(&base), Some(&extra)) = (LEN_BASE.get(i), LEN_EXTRA.get(i)) else {
                    return Err(InflateError::Invalid);
                };
                let len = usize::from(base) + input.bits(u32::from(extra))? as usize;
                let d = usize::from(dist.decode(input)?);
                let (Some(&base), Some(&extra)) = (DIST_BASE.get(d), DIST_EXTRA.get(d)) else {
                    return Err(InflateError::Invalid);
                };
                let d = usize::from(base) + input.bits(u32::from(extra))? as usize;
                out.copy(d, len)?;
            }
        }
    }
}
