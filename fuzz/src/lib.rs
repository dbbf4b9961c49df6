//! What the fuzz targets share: a structure-aware mutator for the JSON targets.
//!
//! libFuzzer's byte mutations rarely keep a 50 kB model card valid JSON, let alone valid
//! against its own cross-checks (the same size in three places), so most inputs die in the
//! parser. [`mutate_json`] instead edits one node of the parsed document (a number to an edge
//! value, a string to another string of the document, an element dropped or repeated, a key
//! removed, a subtree copied elsewhere) and writes it back, which keeps most mutants past the
//! parser and into the validation and the code behind it. One mutation in 16 of valid JSON (and
//! every one of invalid JSON) stays libFuzzer's own, so the parser is still fuzzed byte by byte.

use serde_json::{Map, Number, Value};

/// Numbers at the edges the card and history rules compare against: zero and one, the
/// integer widths (`u32` pixel sizes, `usize` products that overflow), float extremes that
/// parse to 0 or infinity as `f32`, and negative ones for unsigned fields.
const EDGE_NUMBERS: [f64; 24] = [
    0.0,
    1.0,
    -1.0,
    2.0,
    3.0,
    0.5,
    1.0001,
    255.0,
    256.0,
    65_536.0,
    4_294_967_295.0,
    4_294_967_296.0,
    4_294_967_297.0,
    9_007_199_254_740_992.0,
    1.8446744073709552e19,
    -9.223372036854776e18,
    1e-45,
    1e-40,
    1e-30,
    3.4e38,
    1e39,
    1e300,
    -1e39,
    1e-3,
];

/// A small deterministic generator from libFuzzer's seed (splitmix64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

/// The `LLVMFuzzerCustomMutator` of the JSON targets: mutates `data[..size]` in place and
/// returns the new size (at most `max_size`).
pub fn mutate_json(data: &mut [u8], size: usize, max_size: usize, seed: u32) -> usize {
    let mut rng = Rng(u64::from(seed));
    let parsed = serde_json::from_slice::<Value>(&data[..size]);
    let Ok(mut doc) = parsed else {
        return libfuzzer_sys::fuzzer_mutate(data, size, max_size);
    };
    if rng.below(16) == 0 {
        return libfuzzer_sys::fuzzer_mutate(data, size, max_size);
    }
    let mut strings = Vec::new();
    collect_strings(&doc, &mut strings);
    let donor = random_node(&doc, &mut rng).clone();
    // One time in 6, one number becomes another everywhere it occurs: the card repeats a
    // size in several places (preprocessing and the input shape, the metadata length and
    // its shape) and checks that they agree, so a lone edit is refused.
    if rng.below(6) == 0 {
        if let Value::Number(n) = random_leaf_number(&doc, &mut rng) {
            let (from, to) = (n.clone(), mutate_number(&n, &mut rng));
            replace_number(&mut doc, &from, &to);
        }
    }
    // Several edits at once now and then: some bugs need two fields to agree.
    for _ in 0..1 + rng.below(3) / 2 {
        match &mut doc {
            Value::Object(map) if !map.is_empty() => {
                let i = rng.below(map.len());
                let child = map.values_mut().nth(i).unwrap();
                mutate_somewhere(child, &strings, &donor, &mut rng);
            }
            _ => mutate_somewhere(&mut doc, &strings, &donor, &mut rng),
        }
    }
    let out = serde_json::to_vec(&doc).expect("a Value always serialises");
    if out.len() > max_size {
        return libfuzzer_sys::fuzzer_mutate(data, size, max_size);
    }
    data[..out.len()].copy_from_slice(&out);
    out.len()
}

fn mutate_node(node: &mut Value, strings: &[String], donor: &Value, rng: &mut Rng) {
    match (rng.below(8), &mut *node) {
        (0, _) => *node = donor.clone(),
        (1, _) => {
            *node = [
                Value::Null,
                Value::Bool(true),
                Value::from(0),
                Value::from(""),
                Value::Array(Vec::new()),
                Value::Object(Map::new()),
            ][rng.below(6)]
            .clone()
        }
        (_, Value::Number(n)) => *node = mutate_number(n, rng),
        (_, Value::String(s)) => match rng.below(3) {
            0 if !strings.is_empty() => *s = strings[rng.below(strings.len())].clone(),
            1 => s.clear(),
            _ => s.push_str(&s.clone()),
        },
        (_, Value::Array(items)) if !items.is_empty() => {
            let i = rng.below(items.len());
            match rng.below(3) {
                0 => drop(items.remove(i)),
                1 => items.insert(i, items[i].clone()),
                _ => items.truncate(i),
            }
        }
        (_, Value::Object(map)) if !map.is_empty() => {
            let key = map
                .keys()
                .nth(rng.below(map.len()))
                .cloned()
                .unwrap_or_default();
            let value = map.remove(&key).unwrap_or(Value::Null);
            if rng.below(2) == 0 && !strings.is_empty() {
                map.insert(strings[rng.below(strings.len())].clone(), value);
            }
        }
        (_, Value::Bool(b)) => *b = !*b,
        _ => *node = donor.clone(),
    }
}

fn mutate_number(n: &Number, rng: &mut Rng) -> Value {
    let x = n.as_f64().unwrap_or(0.0);
    let y = match rng.below(6) {
        0 => x + 1.0,
        1 => x - 1.0,
        2 => x * [2.0, 0.5, -1.0, 1000.0][rng.below(4)],
        _ => EDGE_NUMBERS[rng.below(EDGE_NUMBERS.len())],
    };
    // Integers stay integers, so fields typed `usize` or `u32` still parse.
    if y.fract() == 0.0 && y.abs() <= 1.844_674_407_370_955_2e19 {
        if y >= 0.0 {
            return Value::from(y as u64);
        }
        return Value::from(y as i64);
    }
    Number::from_f64(y).map_or(Value::Null, Value::Number)
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if out.len() < 256 => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        Value::Object(map) => map.iter().for_each(|(k, i)| {
            if out.len() < 256 {
                out.push(k.clone());
            }
            collect_strings(i, out)
        }),
        _ => {}
    }
}

/// Whether a random walk stops at `v`: a leaf always, a container one time in three. A walk
/// rather than a uniform pick, so the card's few dozen fields are not drowned by the thousands
/// of numbers in its OOD statistics.
fn stops_at(v: &Value, rng: &mut Rng) -> bool {
    match v {
        Value::Array(items) => items.is_empty() || rng.below(3) == 0,
        Value::Object(map) => map.is_empty() || rng.below(3) == 0,
        _ => true,
    }
}

fn random_node<'a>(v: &'a Value, rng: &mut Rng) -> &'a Value {
    if stops_at(v, rng) {
        return v;
    }
    match v {
        Value::Array(items) => random_node(&items[rng.below(items.len())], rng),
        Value::Object(map) => random_node(map.values().nth(rng.below(map.len())).unwrap(), rng),
        _ => v,
    }
}

/// A number of the document (a walk that never stops at a container), or null.
fn random_leaf_number(v: &Value, rng: &mut Rng) -> Value {
    match v {
        Value::Number(_) => v.clone(),
        Value::Array(items) if !items.is_empty() => {
            random_leaf_number(&items[rng.below(items.len())], rng)
        }
        Value::Object(map) if !map.is_empty() => {
            random_leaf_number(map.values().nth(rng.below(map.len())).unwrap(), rng)
        }
        _ => Value::Null,
    }
}

fn replace_number(v: &mut Value, from: &Number, to: &Value) {
    match v {
        Value::Number(n) if n == from => *v = to.clone(),
        Value::Array(items) => items.iter_mut().for_each(|i| replace_number(i, from, to)),
        Value::Object(map) => map.values_mut().for_each(|i| replace_number(i, from, to)),
        _ => {}
    }
}

fn mutate_somewhere(v: &mut Value, strings: &[String], donor: &Value, rng: &mut Rng) {
    if stops_at(v, rng) {
        return mutate_node(v, strings, donor, rng);
    }
    match v {
        Value::Array(items) => {
            let i = rng.below(items.len());
            mutate_somewhere(&mut items[i], strings, donor, rng)
        }
        Value::Object(map) => {
            let i = rng.below(map.len());
            let child = map.values_mut().nth(i).unwrap();
            mutate_somewhere(child, strings, donor, rng)
        }
        _ => mutate_node(v, strings, donor, rng),
    }
}
