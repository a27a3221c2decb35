//! Answers: the success type (every 2xx example merged), what each example means, and
//! what the profile says about it (paging, background work).

use serde_json::Value;

use super::Lowering;
use crate::diagnostics::{Kind, Location};
use crate::infer::{NameHint, Shape};
use crate::ir::*;
use crate::resolve;

impl Lowering<'_> {
    /// The first pass of inference: every successful answer of the whole collection,
    /// with what its operation is about, handed to the type builder before any
    /// operation is lowered, so records are grouped into entities across operations.
    pub(super) fn collect_answers(&mut self, folder: &resolve::Folder) {
        let mut answers = Vec::new();
        self.answer_shapes(folder, &mut answers);
        self.types.collect_entities(&answers);
    }

    fn answer_shapes(&self, folder: &resolve::Folder, out: &mut Vec<(Shape, Option<String>)>) {
        for request in folder.requests.iter().filter(|r| !r.invalid) {
            let mut shape = Shape::default();
            for example in request
                .examples
                .iter()
                .filter(|e| (200..300).contains(&e.status))
            {
                let body = example.response_body.as_deref().unwrap_or_default();
                match serde_json::from_str::<Value>(body) {
                    Ok(value) if !self.says_failure(&value) => shape.add(&value),
                    _ => {}
                }
            }
            if shape.seen > 0 {
                out.push((shape, super::subject_of(&request.name, &request.folders)));
            }
        }
        for sub in &folder.folders {
            self.answer_shapes(sub, out);
        }
    }

    /// The success type (every 2xx example merged) and what each example means.
    pub(super) fn response(
        &mut self,
        request: &resolve::Request,
        builder: &str,
        subject: Option<String>,
        location: &Location,
    ) -> (ResponseBody, Vec<Outcome>) {
        let mut shape = Shape::default();
        let mut outcomes = Vec::new();
        let mut saw_text = false;
        let mut saw_empty = false;
        for example in &request.examples {
            let status = example.status;
            let body = example.response_body.as_deref().unwrap_or_default();
            let parsed = if body.trim().is_empty() {
                None
            } else {
                serde_json::from_str::<Value>(body).ok()
            };
            let success = (200..300).contains(&status);
            let kind = match (&parsed, success) {
                (Some(value), true) if self.says_failure(value) => OutcomeKind::Rejected,
                (Some(value), true) => {
                    shape.add(value);
                    OutcomeKind::Success
                }
                (None, true) if body.trim().is_empty() => {
                    saw_empty = true;
                    OutcomeKind::Success
                }
                (None, true) => {
                    saw_text = true;
                    OutcomeKind::NotJson
                }
                (Some(value), false) => OutcomeKind::ApiError {
                    code: value
                        .get("code")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                },
                (None, false) => OutcomeKind::NotJson,
            };
            outcomes.push(Outcome {
                example: example.name.clone(),
                status,
                kind,
            });
        }
        let response = if shape.seen > 0 {
            let hint = NameHint::kept(format!("{builder}Response")).with_subject(subject);
            ResponseBody::Json(self.types.response_type(
                &shape,
                &hint,
                TypeDoc::AnswerOf(builder.to_string()),
            ))
        } else if saw_text {
            ResponseBody::Text
        } else if saw_empty {
            ResponseBody::Empty
        } else {
            if !request.examples.is_empty() {
                self.diagnostics.warning(
                    Kind::Response,
                    location.at("response"),
                    "no successful example to infer the answer from; it is typed as any JSON",
                );
            }
            ResponseBody::Json(TypeRef::Json)
        };
        (response, outcomes)
    }

    /// An answer that says it failed while the HTTP status says it worked (the profile's
    /// failure flag, beside a reason).
    fn says_failure(&self, value: &Value) -> bool {
        let Some(flag) = &self.profile.failure_flag else {
            return false;
        };
        if flag.reason_members.iter().all(|m| value.get(m).is_none()) {
            return false;
        }
        match value.get(flag.member) {
            Some(Value::Bool(false)) => true,
            Some(Value::Number(n)) => n.as_i64() == Some(0),
            Some(Value::String(s)) => s == "0" || s.eq_ignore_ascii_case("false"),
            _ => false,
        }
    }

    pub(super) fn pagination(
        &self,
        query: &[QueryParam],
        response: &ResponseBody,
    ) -> Option<Pagination> {
        let page = query
            .iter()
            .find(|q| q.name == self.profile.page_param && q.ty == ParamType::Integer)?;
        let per_page = query.iter().find(|q| {
            self.profile.per_page_params.contains(&q.name.as_str()) && q.ty == ParamType::Integer
        });
        let ResponseBody::Json(ty) = response else {
            return None;
        };
        let items = |ty: &TypeRef| match ty {
            TypeRef::List(item) => Some((Container::List, (**item).clone())),
            TypeRef::Map(item) => Some((Container::Map, (**item).clone())),
            _ => None,
        };
        if let Some((container, item_type)) = items(ty) {
            return Some(Pagination {
                page_param: page.ident.clone(),
                per_page_param: per_page.map(|p| p.ident.clone()),
                items_field: None,
                container,
                item_type,
                total_items_field: None,
                total_pages_field: None,
            });
        }
        let TypeRef::Named(name) = ty else {
            return None;
        };
        let TypeKind::Struct(answer) = &self.types.resolve(name)?.kind else {
            return None;
        };
        let list_fields: Vec<&Field> = answer
            .fields
            .iter()
            .filter(|f| f.required && items(&f.ty).is_some())
            .collect();
        let field = list_fields
            .iter()
            .find(|f| self.profile.items_fields.contains(&f.name.as_str()))
            .or_else(|| (list_fields.len() == 1).then(|| &list_fields[0]))?;
        let (container, item_type) = items(&field.ty)?;
        let counter = |names: &[&str]| {
            answer
                .fields
                .iter()
                .find(|f| names.contains(&f.name.as_str()) && matches!(&f.ty, TypeRef::Integer))
                .map(|f| f.ident.clone())
        };
        Some(Pagination {
            page_param: page.ident.clone(),
            per_page_param: per_page.map(|p| p.ident.clone()),
            items_field: Some(field.ident.clone()),
            container,
            item_type,
            total_items_field: counter(self.profile.total_items_fields),
            total_pages_field: counter(self.profile.total_pages_fields),
        })
    }

    pub(super) fn background(&self, response: &ResponseBody) -> Option<Background> {
        let ResponseBody::Json(TypeRef::Named(name)) = response else {
            return None;
        };
        let TypeKind::Struct(answer) = &self.types.resolve(name)?.kind else {
            return None;
        };
        let fields: Vec<String> = answer
            .fields
            .iter()
            .filter(|f| self.profile.background_fields.contains(&f.name.as_str()))
            .map(|f| f.ident.clone())
            .collect();
        (!fields.is_empty()).then_some(Background {
            fields,
            recheck: None,
        })
    }
}

/// Points each operation that starts background work at a read of the same folder
/// to check the outcome with: the one sharing most path parameters, in collection order.
pub(super) fn link_rechecks(operations: &mut [Operation]) {
    let reads: Vec<(String, Vec<String>)> = operations
        .iter()
        .filter(|op| {
            matches!(op.http_method, HttpMethod::Get) && op.query_params.iter().all(|q| !q.required)
        })
        .map(|op| {
            (
                op.method_name.clone(),
                op.path_params.iter().map(|p| p.name.clone()).collect(),
            )
        })
        .collect();
    for op in operations.iter_mut() {
        let Some(background) = op.background.as_mut() else {
            continue;
        };
        let params: Vec<&str> = op.path_params.iter().map(|p| p.name.as_str()).collect();
        background.recheck = reads
            .iter()
            .enumerate()
            .filter(|(_, (_, needs))| needs.iter().all(|n| params.contains(&n.as_str())))
            .max_by_key(|(index, (_, needs))| (needs.len(), std::cmp::Reverse(*index)))
            .map(|(_, (method, needs))| Recheck {
                method: method.clone(),
                path_params: needs.clone(),
            });
    }
}
