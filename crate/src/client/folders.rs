//! Folders (§4.4): list, create, and move a resource into a folder (or to the root).

use serde::Serialize;

use crate::protocol::folders::{self, Folder, MoveTarget};

use super::api::Client;
use super::error::ClientError;
use super::transport::Transport;

/// A folder, with snake_case fields as in the server's JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FolderView {
    /// The folder's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The parent folder, `None` at the root.
    pub folder_parent_id: Option<String>,
    /// True when only the caller has access.
    pub personal: Option<bool>,
    /// Modification date.
    pub modified: Option<String>,
    /// The caller's permission: 1 read, 7 update, 15 owner.
    pub permission: Option<u8>,
}

impl From<Folder> for FolderView {
    fn from(f: Folder) -> Self {
        FolderView {
            permission: f.permission.as_ref().map(|p| p.permission_type.code()),
            id: f.id,
            name: f.name,
            folder_parent_id: f.folder_parent_id,
            personal: f.personal,
            modified: f.modified,
        }
    }
}

impl<T: Transport> Client<T> {
    /// The folders the caller can see.
    ///
    /// Errors: the session and envelope errors, `MALFORMED_RESPONSE`, `UNEXPECTED_ID`.
    pub async fn folders(&self) -> Result<Vec<FolderView>, ClientError> {
        self.account()?;
        let response = self.conn.call(folders::list_request(None)).await?;
        Ok(folders::parse_list(&response)?
            .into_iter()
            .map(FolderView::from)
            .collect())
    }

    /// Creates a folder (the caller becomes its owner).
    ///
    /// Errors: `INVALID_INPUT` (empty or long name, parent not a UUID; nothing sent), the
    /// session errors, `VALIDATION_FAILED` (e.g. a parent the caller cannot write in).
    pub async fn create_folder(
        &self,
        name: &str,
        parent_id: Option<&str>,
    ) -> Result<FolderView, ClientError> {
        self.account()?;
        let request = folders::create_request(name, parent_id)?;
        let response = self.conn.call(request).await?;
        Ok(folders::parse_create(&response)?.into())
    }

    /// Moves a resource into a folder, or to the root with `None`.
    ///
    /// Errors: `INVALID_INPUT` (ids not UUIDs; nothing sent), the session errors,
    /// `NOT_FOUND`, `VALIDATION_FAILED`.
    pub async fn move_resource(
        &self,
        resource_id: &str,
        folder_id: Option<&str>,
    ) -> Result<(), ClientError> {
        self.account()?;
        let request = folders::move_request(MoveTarget::Resource, resource_id, folder_id)?;
        let response = self.conn.call(request).await?;
        folders::parse_move(&response)?;
        self.forget_cached(resource_id);
        Ok(())
    }
}
