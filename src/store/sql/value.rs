//! What goes into a statement: [`Value`]s, from anything [`ToValue`].
//!
//! Dates and times travel as text in the very form rusqlite's chrono support wrote
//! them before this seam existed ("2017-07-06", "2017-07-06 09:14:03"), so registries
//! written by earlier versions read back unchanged, and text compares as dates do.

use chrono::{NaiveDate, NaiveDateTime};
use std::borrow::Cow;
use std::sync::Arc;

/// One parameter value. Text is borrowed where the caller's value allows.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(Cow<'a, str>),
}

impl Value<'_> {
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Int(n) => Value::Int(n),
            Value::Real(x) => Value::Real(x),
            Value::Text(t) => Value::Text(Cow::Owned(t.into_owned())),
        }
    }
}

/// Anything a statement can take as a parameter.
pub trait ToValue {
    fn to_value(&self) -> Value<'_>;
}

impl ToValue for Value<'_> {
    fn to_value(&self) -> Value<'_> {
        match self {
            Value::Text(t) => Value::Text(Cow::Borrowed(t)),
            other => other.clone(),
        }
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Int(i64::from(*self))
            }
        }
    )*};
}
integers!(i64, i32, u32, u16, u8, bool);

impl ToValue for usize {
    fn to_value(&self) -> Value<'_> {
        // A count beyond i64 cannot occur in a registry; saturate rather than wrap.
        Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}

impl ToValue for f64 {
    fn to_value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToValue for Arc<str> {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToValue for NaiveDate {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Owned(self.format("%F").to_string()))
    }
}

impl ToValue for NaiveDateTime {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Owned(self.format("%F %T%.f").to_string()))
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value<'_> {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
}

/// The parameters of one statement: `params![…]`, an array of one type, or values
/// gathered at run time.
pub trait Params {
    fn values(&self) -> Vec<Value<'_>>;
}

impl<T: ToValue, const N: usize> Params for [T; N] {
    fn values(&self) -> Vec<Value<'_>> {
        self.iter().map(ToValue::to_value).collect()
    }
}

impl<T: ToValue> Params for &[T] {
    fn values(&self) -> Vec<Value<'_>> {
        self.iter().map(ToValue::to_value).collect()
    }
}

impl<T: ToValue> Params for Vec<T> {
    fn values(&self) -> Vec<Value<'_>> {
        self.iter().map(ToValue::to_value).collect()
    }
}

impl<T: ToValue> Params for &Vec<T> {
    fn values(&self) -> Vec<Value<'_>> {
        self.iter().map(ToValue::to_value).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_are_the_text_earlier_versions_wrote() {
        let day = NaiveDate::from_ymd_opt(2017, 7, 6).unwrap();
        assert_eq!(day.to_value(), Value::Text("2017-07-06".into()));
        let at = day.and_hms_opt(9, 14, 3).unwrap();
        assert_eq!(at.to_value(), Value::Text("2017-07-06 09:14:03".into()));
        let precise = day.and_hms_milli_opt(9, 14, 3, 250).unwrap();
        assert_eq!(
            precise.to_value(),
            Value::Text("2017-07-06 09:14:03.250".into())
        );
    }
}
