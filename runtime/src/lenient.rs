//! Composable lenient decoding for loosely typed answers (numbers as strings, `0`/`1` flags).
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.
//!
//! The server sends ids and counts as strings in some routes and numbers in others,
//! flags as `0`/`1`/`"0"`/`"1"`, `[]` where an object is meant, lists as objects keyed
//! by id, `null` for empty lists and `""` for absent values. Fields opt into tolerance
//! with an adapter, and adapters nest:
//!
//! ```ignore
//! #[derive(serde::Deserialize)]
//! struct Tag {
//!     #[serde(default, deserialize_with = "crate::runtime::lenient::decode::<_, _, crate::runtime::lenient::Opt<crate::runtime::lenient::List<crate::runtime::lenient::Int>>>")]
//!     sites_ids: Option<Vec<i64>>,
//! }
//! ```
//!
//! Adapters decode straight from the deserializer (nothing is buffered), so the order
//! of object-keyed lists is kept and error paths point inside lists and maps. Strings
//! are never altered: HTML entities stay as the server sent them.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::{
    BoolDeserializer, BorrowedStrDeserializer, F64Deserializer, I64Deserializer,
    MapAccessDeserializer, SeqAccessDeserializer, StrDeserializer, StringDeserializer,
    U64Deserializer,
};
use serde::de::{
    self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor,
};

/// Decodes a `T` from a deserializer, more leniently than `T`'s own `Deserialize`.
/// Implemented by the adapter types of this module.
pub trait Decode<T> {
    /// Decodes one value.
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<T, D::Error>;
}

/// Decodes a field with adapter `A`; for `#[serde(deserialize_with = "...")]`:
/// `decode::<_, _, Opt<List<Int>>>`.
pub fn decode<'de, D, T, A>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    A: Decode<T>,
{
    A::decode(d)
}

/// Adapter: integers (`i64` and the other integer types) from integers, integral floats
/// (`3.0`) and numeric strings (`"3"`, `" 3 "`, `"3.0"`).
pub struct Int;

/// Adapter: `f64` or `f32` from numbers and numeric strings (`"25.00000000"`).
pub struct Float;

/// Adapter: `String` from strings, numbers (`1` → `"1"`) and booleans (`"true"`/`"false"`);
/// `null`, `[]` and `{}` give `""`, as PHP's string conversion would. Use `Opt<Str>` to
/// tell absent from empty.
pub struct Str;

/// Adapter: `bool` from booleans, `0`/`1`, and the strings `"0"`/`"1"`, `"true"`/`"false"`,
/// `"yes"`/`"no"`, `"on"`/`"off"` (any case); `""` and `null` are false.
pub struct Flag;

/// Adapter: the type's own `Deserialize`, unchanged (the default inner adapter).
pub struct Same;

/// Adapter: any JSON, kept as a `serde_json::Value`.
pub struct Json;

/// Adapter: `Option<T>` where `null` means `None`, `""`, `[]` and `{}` mean `None` unless
/// `A` reads them (`Opt<Str>` keeps `""`), and anything else is decoded with `A`.
pub struct Opt<A = Same>(PhantomData<fn() -> A>);

/// Adapter: `Vec<T>` from an array, `null`, `""` or `false` (empty), or an object (its
/// values in document order, keys dropped); items decoded with `A`.
pub struct List<A = Same>(PhantomData<fn() -> A>);

/// Adapter: `BTreeMap<String, T>` from an object, `[]`, `null`, `""` or `false` (empty),
/// or a non-empty array (keys `"0"`, `"1"`, ...); values decoded with `A`.
pub struct Map<A = Same>(PhantomData<fn() -> A>);

/// Decodes one element with adapter `A`.
struct Seed<T, A>(PhantomData<fn() -> (T, A)>);

impl<T, A> Seed<T, A> {
    fn new() -> Self {
        Seed(PhantomData)
    }
}

impl<'de, T, A: Decode<T>> DeserializeSeed<'de> for Seed<T, A> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        A::decode(d)
    }
}

// ---------------------------------------------------------------------------------------
// Int

struct IntVisitor<N>(PhantomData<fn() -> N>);

impl<'de, N> Visitor<'de> for IntVisitor<N>
where
    N: TryFrom<i64> + TryFrom<u64>,
{
    type Value = N;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, an integral number or a numeric string")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<N, E> {
        N::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &"an integer in range"))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<N, E> {
        N::try_from(v)
            .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &"an integer in range"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<N, E> {
        // 2^63 and 2^64, exactly representable.
        const I64_END: f64 = 9_223_372_036_854_775_808.0;
        const U64_END: f64 = 18_446_744_073_709_551_616.0;
        if v.is_finite() && v.fract() == 0.0 {
            if (-I64_END..I64_END).contains(&v) {
                return self.visit_i64(v as i64);
            }
            if (0.0..U64_END).contains(&v) {
                return self.visit_u64(v as u64);
            }
        }
        Err(E::invalid_value(Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<N, E> {
        let t = v.trim();
        if let Ok(i) = t.parse::<i64>() {
            return self.visit_i64(i);
        }
        if let Ok(u) = t.parse::<u64>() {
            return self.visit_u64(u);
        }
        match t.parse::<f64>() {
            Ok(f) if f.is_finite() && f.fract() == 0.0 => self.visit_f64(f),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
}

macro_rules! int_impls {
    ($($t:ty),*) => {$(
        impl Decode<$t> for Int {
            fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                d.deserialize_any(IntVisitor::<$t>(PhantomData))
            }
        }
    )*};
}

int_impls!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

// ---------------------------------------------------------------------------------------
// Float

struct FloatVisitor;

impl<'de> Visitor<'de> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a numeric string")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match v.trim().parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(f),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
}

impl Decode<f64> for Float {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        d.deserialize_any(FloatVisitor)
    }
}

impl Decode<f32> for Float {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
        d.deserialize_any(FloatVisitor).map(|f| f as f32)
    }
}

// ---------------------------------------------------------------------------------------
// Str

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number or a boolean")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_char<E: de::Error>(self, v: char) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<String, S::Error> {
        match seq.next_element::<IgnoredAny>()? {
            None => Ok(String::new()),
            Some(_) => Err(de::Error::invalid_type(Unexpected::Seq, &self)),
        }
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<String, M::Error> {
        match map.next_key::<IgnoredAny>()? {
            None => Ok(String::new()),
            Some(_) => Err(de::Error::invalid_type(Unexpected::Map, &self)),
        }
    }
}

impl Decode<String> for Str {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        d.deserialize_any(StrVisitor)
    }
}

// ---------------------------------------------------------------------------------------
// Flag

struct FlagVisitor;

impl<'de> Visitor<'de> for FlagVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, 0, 1, \"0\", \"1\", \"true\", \"false\", \"yes\", \"no\" or \"\"")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(Unexpected::Signed(v), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        if v == 0.0 {
            Ok(false)
        } else if v == 1.0 {
            Ok(true)
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        let t = v.trim();
        let is = |word: &str| t.eq_ignore_ascii_case(word);
        if is("1") || is("true") || is("yes") || is("on") {
            Ok(true)
        } else if t.is_empty() || is("0") || is("false") || is("no") || is("off") {
            Ok(false)
        } else {
            Err(E::invalid_value(Unexpected::Str(v), &self))
        }
    }
}

impl Decode<bool> for Flag {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        d.deserialize_any(FlagVisitor)
    }
}

// ---------------------------------------------------------------------------------------
// Same, Json

impl<T> Decode<T> for Same
where
    T: for<'de> Deserialize<'de>,
{
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::deserialize(d)
    }
}

impl Decode<serde_json::Value> for Json {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
        serde_json::Value::deserialize(d)
    }
}

// ---------------------------------------------------------------------------------------
// Opt

/// A sequence that remembers whether it handed out an element or reached its end.
struct CountingSeq<S> {
    inner: S,
    taken: usize,
    ended: bool,
}

impl<'de, S: SeqAccess<'de>> SeqAccess<'de> for CountingSeq<S> {
    type Error = S::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, S::Error> {
        if self.ended {
            return Ok(None);
        }
        let next = self.inner.next_element_seed(seed)?;
        match next {
            Some(_) => self.taken += 1,
            None => self.ended = true,
        }
        Ok(next)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, S: SeqAccess<'de>> CountingSeq<S> {
    /// Whether the sequence holds no element at all (only meaningful while `taken == 0`).
    fn is_empty(&mut self) -> Result<bool, S::Error> {
        if self.ended {
            return Ok(true);
        }
        Ok(self.next_element::<IgnoredAny>()?.is_none())
    }
}

/// A map that remembers whether it handed out an entry or reached its end.
struct CountingMap<M> {
    inner: M,
    taken: usize,
    ended: bool,
}

impl<'de, M: MapAccess<'de>> MapAccess<'de> for CountingMap<M> {
    type Error = M::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, M::Error> {
        if self.ended {
            return Ok(None);
        }
        let next = self.inner.next_key_seed(seed)?;
        match next {
            Some(_) => self.taken += 1,
            None => self.ended = true,
        }
        Ok(next)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, M::Error> {
        self.inner.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, M: MapAccess<'de>> CountingMap<M> {
    /// Whether the map holds no entry at all (only meaningful while `taken == 0`).
    fn is_empty(&mut self) -> Result<bool, M::Error> {
        if self.ended {
            return Ok(true);
        }
        Ok(self.next_key::<IgnoredAny>()?.is_none())
    }
}

/// What `Opt` makes of the inner adapter's result on a sequence or map: empty means
/// `None`, whether the inner adapter accepted the empty container or not.
fn empty_means_none<T, E>(
    result: Result<T, E>,
    taken: usize,
    is_empty: impl FnOnce() -> Result<bool, E>,
) -> Result<Option<T>, E> {
    match result {
        Ok(value) if taken > 0 => Ok(Some(value)),
        Ok(value) => Ok(if is_empty()? { None } else { Some(value) }),
        Err(error) if taken == 0 => match is_empty() {
            Ok(true) => Ok(None),
            _ => Err(error),
        },
        Err(error) => Err(error),
    }
}

struct OptVisitor<T, A>(PhantomData<fn() -> (T, A)>);

impl<'de, T, A: Decode<T>> Visitor<'de> for OptVisitor<T, A> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value, null, \"\", [] or {}")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        <Opt<A> as Decode<Option<T>>>::decode(d)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<T>, E> {
        A::decode(BoolDeserializer::<E>::new(v)).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<T>, E> {
        A::decode(I64Deserializer::<E>::new(v)).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
        A::decode(U64Deserializer::<E>::new(v)).map(Some)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<T>, E> {
        A::decode(F64Deserializer::<E>::new(v)).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        // `""` is a value where the inner type reads it (a string), else "no value".
        let empty = v.is_empty();
        match A::decode(StrDeserializer::<E>::new(v)) {
            Ok(value) => Ok(Some(value)),
            Err(_) if empty => Ok(None),
            Err(error) => Err(error),
        }
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Option<T>, E> {
        // `""` is a value where the inner type reads it (a string), else "no value".
        let empty = v.is_empty();
        match A::decode(BorrowedStrDeserializer::<E>::new(v)) {
            Ok(value) => Ok(Some(value)),
            Err(_) if empty => Ok(None),
            Err(error) => Err(error),
        }
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Option<T>, E> {
        // `""` is a value where the inner type reads it (a string), else "no value".
        let empty = v.is_empty();
        match A::decode(StringDeserializer::<E>::new(v)) {
            Ok(value) => Ok(Some(value)),
            Err(_) if empty => Ok(None),
            Err(error) => Err(error),
        }
    }

    fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<Option<T>, S::Error> {
        let mut counting = CountingSeq {
            inner: seq,
            taken: 0,
            ended: false,
        };
        let result = A::decode(SeqAccessDeserializer::new(&mut counting));
        let taken = counting.taken;
        empty_means_none(result, taken, || counting.is_empty())
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Option<T>, M::Error> {
        let mut counting = CountingMap {
            inner: map,
            taken: 0,
            ended: false,
        };
        let result = A::decode(MapAccessDeserializer::new(&mut counting));
        let taken = counting.taken;
        empty_means_none(result, taken, || counting.is_empty())
    }
}

impl<T, A: Decode<T>> Decode<Option<T>> for Opt<A> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(OptVisitor::<T, A>(PhantomData))
    }
}

// ---------------------------------------------------------------------------------------
// List

struct ListVisitor<T, A>(PhantomData<fn() -> (T, A)>);

impl<'de, T, A: Decode<T>> Visitor<'de> for ListVisitor<T, A> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array, an object, null or \"\"")
    }

    fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        <List<A> as Decode<Vec<T>>>::decode(d)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<T>, E> {
        if v {
            Err(E::invalid_type(Unexpected::Bool(v), &self))
        } else {
            Ok(Vec::new())
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<T>, E> {
        if v.is_empty() {
            Ok(Vec::new())
        } else {
            Err(E::invalid_type(Unexpected::Str(v), &self))
        }
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Vec<T>, S::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Seed::<T, A>::new())? {
            items.push(item);
        }
        Ok(items)
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Vec<T>, M::Error> {
        let mut items = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while map.next_key::<IgnoredAny>()?.is_some() {
            items.push(map.next_value_seed(Seed::<T, A>::new())?);
        }
        Ok(items)
    }
}

impl<T, A: Decode<T>> Decode<Vec<T>> for List<A> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_any(ListVisitor::<T, A>(PhantomData))
    }
}

// ---------------------------------------------------------------------------------------
// Map

struct MapVisitor<T, A>(PhantomData<fn() -> (T, A)>);

impl<'de, T, A: Decode<T>> Visitor<'de> for MapVisitor<T, A> {
    type Value = BTreeMap<String, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object, an array, null or \"\"")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        <Map<A> as Decode<BTreeMap<String, T>>>::decode(d)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        if v {
            Err(E::invalid_type(Unexpected::Bool(v), &self))
        } else {
            Ok(BTreeMap::new())
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            Ok(BTreeMap::new())
        } else {
            Err(E::invalid_type(Unexpected::Str(v), &self))
        }
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
        let mut entries = BTreeMap::new();
        let mut index = 0usize;
        while let Some(item) = seq.next_element_seed(Seed::<T, A>::new())? {
            entries.insert(index.to_string(), item);
            index += 1;
        }
        Ok(entries)
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut entries = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Seed::<T, A>::new())?;
            entries.insert(key, value);
        }
        Ok(entries)
    }
}

impl<T, A: Decode<T>> Decode<BTreeMap<String, T>> for Map<A> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, T>, D::Error> {
        d.deserialize_any(MapVisitor::<T, A>(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Decodes `input` (JSON text) with adapter `A`.
    fn with<T, A: Decode<T>>(input: &str) -> Result<T, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(input);
        A::decode(&mut de)
    }

    #[test]
    fn int_accepts_numbers_integral_floats_and_numeric_strings() {
        assert_eq!(with::<i64, Int>("7").ok(), Some(7));
        assert_eq!(with::<i64, Int>("-7").ok(), Some(-7));
        assert_eq!(with::<i64, Int>("3.0").ok(), Some(3));
        assert_eq!(with::<i64, Int>("\"42\"").ok(), Some(42));
        assert_eq!(with::<i64, Int>("\" 42 \"").ok(), Some(42));
        assert_eq!(with::<i64, Int>("\"25.00000000\"").ok(), Some(25));
        assert_eq!(
            with::<u64, Int>("\"18446744073709551615\"").ok(),
            Some(u64::MAX)
        );
        assert_eq!(with::<u8, Int>("\"255\"").ok(), Some(255));
        assert!(with::<u8, Int>("256").is_err());
        assert!(with::<u32, Int>("-1").is_err());
        assert!(with::<i64, Int>("3.5").is_err());
        assert!(with::<i64, Int>("\"\"").is_err());
        assert!(with::<i64, Int>("\"abc\"").is_err());
        assert!(with::<i64, Int>("\"NaN\"").is_err());
        assert!(with::<i64, Int>("true").is_err());
        assert!(with::<i64, Int>("null").is_err());
    }

    #[test]
    fn float_accepts_numbers_and_numeric_strings() {
        assert_eq!(with::<f64, Float>("2.5").ok(), Some(2.5));
        assert_eq!(with::<f64, Float>("2").ok(), Some(2.0));
        assert_eq!(with::<f64, Float>("\"25.00000000\"").ok(), Some(25.0));
        assert_eq!(with::<f32, Float>("\"0.5\"").ok(), Some(0.5));
        assert!(with::<f64, Float>("\"inf\"").is_err());
        assert!(with::<f64, Float>("\"\"").is_err());
        assert!(with::<f64, Float>("[]").is_err());
    }

    #[test]
    fn str_accepts_strings_numbers_and_booleans() {
        assert_eq!(with::<String, Str>("\"x\"").ok().as_deref(), Some("x"));
        assert_eq!(with::<String, Str>("12").ok().as_deref(), Some("12"));
        assert_eq!(with::<String, Str>("1.5").ok().as_deref(), Some("1.5"));
        assert_eq!(with::<String, Str>("true").ok().as_deref(), Some("true"));
        // Entities are left alone.
        assert_eq!(
            with::<String, Str>("\"Write &amp; Delete\"")
                .ok()
                .as_deref(),
            Some("Write &amp; Delete")
        );
        for empty in ["null", "[]", "{}"] {
            assert_eq!(
                with::<String, Str>(empty).ok().as_deref(),
                Some(""),
                "{empty}"
            );
        }
        assert!(with::<String, Str>("[\"a\"]").is_err());
        assert!(with::<String, Str>("{\"a\":1}").is_err());
    }

    #[test]
    fn flag_accepts_wordpress_booleans() {
        for (input, expected) in [
            ("true", true),
            ("false", false),
            ("1", true),
            ("0", false),
            ("\"1\"", true),
            ("\"0\"", false),
            ("\"true\"", true),
            ("\"False\"", false),
            ("\"yes\"", true),
            ("\"no\"", false),
            ("\"\"", false),
            ("1.0", true),
            ("null", false),
        ] {
            assert_eq!(with::<bool, Flag>(input).ok(), Some(expected), "{input}");
        }
        assert!(with::<bool, Flag>("2").is_err());
        assert!(with::<bool, Flag>("\"maybe\"").is_err());
        assert!(with::<bool, Flag>("[]").is_err());
    }

    #[test]
    fn same_and_json_pass_through() {
        assert_eq!(with::<u32, Same>("5").ok(), Some(5));
        assert!(with::<u32, Same>("\"5\"").is_err());
        assert_eq!(
            with::<serde_json::Value, Json>("{\"a\":[1,\"b\"]}").ok(),
            Some(json!({"a": [1, "b"]}))
        );
    }

    #[test]
    fn opt_maps_empty_values_to_none() {
        // `""` is a value to a type that reads it, and "nothing" to one that does not.
        assert_eq!(
            with::<Option<String>, Opt<Str>>("\"\"").ok(),
            Some(Some(String::new()))
        );
        assert_eq!(with::<Option<i64>, Opt<Int>>("\"\"").ok(), Some(None));
        assert_eq!(
            with::<Option<Vec<i64>>, Opt<List<Int>>>("\"\"").ok(),
            Some(Some(Vec::new()))
        );
        for input in ["null", "[]", "{}"] {
            assert_eq!(
                with::<Option<i64>, Opt<Int>>(input).ok(),
                Some(None),
                "{input}"
            );
            assert_eq!(
                with::<Option<Vec<i64>>, Opt<List<Int>>>(input).ok(),
                Some(None),
                "{input}"
            );
            assert_eq!(
                with::<Option<BTreeMap<String, i64>>, Opt<Map<Int>>>(input).ok(),
                Some(None),
                "{input}"
            );
            assert_eq!(
                with::<Option<String>, Opt>(input).ok(),
                Some(None),
                "{input}"
            );
        }
        assert_eq!(with::<Option<i64>, Opt<Int>>("\"3\"").ok(), Some(Some(3)));
        assert_eq!(
            with::<Option<bool>, Opt<Flag>>("\"0\"").ok(),
            Some(Some(false))
        );
        assert_eq!(
            with::<Option<String>, Opt<Str>>("0").ok(),
            Some(Some("0".into()))
        );
        assert_eq!(
            with::<Option<Vec<i64>>, Opt<List<Int>>>("[\"1\",2]").ok(),
            Some(Some(vec![1, 2]))
        );
        assert_eq!(
            with::<Option<Vec<i64>>, Opt<List<Int>>>("{\"b\":\"1\",\"a\":2}").ok(),
            Some(Some(vec![1, 2]))
        );
        assert!(with::<Option<i64>, Opt<Int>>("\"x\"").is_err());
        assert!(with::<Option<i64>, Opt<Int>>("[1]").is_err());
    }

    #[test]
    fn list_accepts_arrays_null_and_objects_keyed_by_id() {
        assert_eq!(
            with::<Vec<i64>, List<Int>>("[1,\"2\",3.0]").ok(),
            Some(vec![1, 2, 3])
        );
        assert_eq!(with::<Vec<i64>, List<Int>>("null").ok(), Some(vec![]));
        assert_eq!(with::<Vec<i64>, List<Int>>("\"\"").ok(), Some(vec![]));
        assert_eq!(with::<Vec<i64>, List<Int>>("false").ok(), Some(vec![]));
        // Object values come out in document order, not key order.
        assert_eq!(
            with::<Vec<i64>, List<Int>>("{\"2\":\"20\",\"1\":\"10\",\"10\":100}").ok(),
            Some(vec![20, 10, 100])
        );
        assert_eq!(
            with::<Vec<String>, List>("[\"a\",\"b\"]").ok(),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert!(with::<Vec<i64>, List<Int>>("\"1,2\"").is_err());
        assert!(with::<Vec<i64>, List<Int>>("[\"x\"]").is_err());
    }

    #[test]
    fn map_accepts_objects_and_empty_arrays() {
        let expected: BTreeMap<String, i64> = [("1".to_owned(), 10), ("2".to_owned(), 20)]
            .into_iter()
            .collect();
        assert_eq!(
            with::<BTreeMap<String, i64>, Map<Int>>("{\"1\":\"10\",\"2\":20}").ok(),
            Some(expected)
        );
        assert_eq!(
            with::<BTreeMap<String, i64>, Map<Int>>("[]").ok(),
            Some(BTreeMap::new())
        );
        assert_eq!(
            with::<BTreeMap<String, i64>, Map<Int>>("null").ok(),
            Some(BTreeMap::new())
        );
        let from_array: BTreeMap<String, i64> = [("0".to_owned(), 5), ("1".to_owned(), 6)]
            .into_iter()
            .collect();
        assert_eq!(
            with::<BTreeMap<String, i64>, Map<Int>>("[5,\"6\"]").ok(),
            Some(from_array)
        );
        assert!(with::<BTreeMap<String, i64>, Map<Int>>("7").is_err());
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Tag {
        #[serde(default, deserialize_with = "super::decode::<_, _, super::Int>")]
        id: i64,
        #[serde(
            default,
            deserialize_with = "super::decode::<_, _, super::Opt<super::List<super::Int>>>"
        )]
        sites_ids: Option<Vec<i64>>,
        #[serde(default, deserialize_with = "decode::<_, _, Opt<Int>>")]
        count_sites: Option<i64>,
        #[serde(default, deserialize_with = "decode::<_, _, Map<Same>>")]
        meta: BTreeMap<String, serde_json::Value>,
    }

    #[test]
    fn works_as_deserialize_with_on_real_answers() {
        let tag: Result<Tag, _> = serde_json::from_str(
            r#"{"id":"1","name":"Production EU","count_sites":"","sites_ids":null,"meta":[]}"#,
        );
        assert_eq!(
            tag.ok(),
            Some(Tag {
                id: 1,
                sites_ids: None,
                count_sites: None,
                meta: BTreeMap::new()
            })
        );
        let tag: Result<Tag, _> = serde_json::from_str(r#"{"id":2,"sites_ids":["3","4"]}"#);
        assert_eq!(tag.ok().and_then(|t| t.sites_ids), Some(vec![3, 4]));
    }

    #[test]
    fn errors_point_inside_lists() {
        let mut de = serde_json::Deserializer::from_str(r#"{"id":"1","sites_ids":["3","x"]}"#);
        let result: Result<Tag, _> = serde_path_to_error::deserialize(&mut de);
        let path = result.err().map(|e| e.path().to_string());
        assert_eq!(path.as_deref(), Some("sites_ids[1]"));
    }
}
